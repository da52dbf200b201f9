package io.github.modewatch.onnx;

import io.github.modewatch.io.Npy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The committed models and numbers written by onnx/scripts/make_fixtures.py (test resources under onnx/). */
final class OnnxFixtures {
    private OnnxFixtures() {}

    static Path path(String name) {
        URL url = OnnxFixtures.class.getResource("/onnx/" + name);
        if (url == null) {
            throw new IllegalStateException(
                    "missing test fixture onnx/" + name + ": run onnx/scripts/make_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static INDArray npy(String name) {
        return Npy.read(path(name));
    }

    static double[][] matrix(String name) {
        return npy(name).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static double[] vector(String name) {
        return npy(name).castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** Image i of an NCHW array, flattened channel-major, as doubles. */
    static double[] image(INDArray images, int i) {
        return images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i))
                .castTo(DataType.DOUBLE)
                .dup('c')
                .reshape(-1)
                .toDoubleVector();
    }
}
