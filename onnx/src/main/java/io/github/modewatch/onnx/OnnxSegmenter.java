package io.github.modewatch.onnx;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.metrics.segmentation.Segmenter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A segmentation network exported to ONNX as a {@link Segmenter} for FSD (Bau et al., "Seeing What a GAN Cannot
 * Generate", ICCV 2019): the model maps images {@code [N, C, H, W]} to per-pixel class scores
 * {@code [N, classes, H', W']}, and each pixel's class is the argmax over the scores (the first class on ties).
 *
 * <p>Images are cast to float32, resized to the model's fixed input size when it has one (antialiased bilinear,
 * as {@link OnnxFeatureExtractor} does) and normalised; label maps come back at the model's <em>output</em>
 * resolution {@code H' x W'} (row-major), which is what FSD's per-image class area fractions are computed from.
 * Immutable and thread-safe; {@link #close()} releases the ONNX Runtime session.
 */
public final class OnnxSegmenter implements Segmenter, AutoCloseable {
    private final OnnxModel model;
    private final List<String> classes;
    private final String name;

    private OnnxSegmenter(OnnxModel model, List<String> classes, String name) {
        this.model = model;
        this.classes = classes;
        this.name = name;
    }

    /** @param model path of the {@code .onnx} file */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /** Options for {@link OnnxSegmenter}; {@link #build()} opens and checks the model. */
    public static final class Builder extends OnnxModelBuilder<Builder, OnnxSegmenter> {
        private List<String> classes;

        Builder(Path model) {
            super(model);
        }

        /**
         * Class names, index = output channel; default {@code class0, class1, ...} (needs a model whose class
         * dimension is fixed).
         */
        public Builder classes(List<String> classes) {
            if (classes == null || classes.isEmpty() || classes.stream().anyMatch(c -> c == null || c.isBlank())) {
                throw new IllegalArgumentException(
                        "classes = " + classes + ": pass one non-blank name per output channel");
            }
            if (classes.stream().distinct().count() != classes.size()) {
                throw new IllegalArgumentException(
                        "classes = " + classes + " repeats a name: class names must be distinct");
            }
            this.classes = List.copyOf(classes);
            return this;
        }

        /**
         * @throws InvalidInputException when the file is missing or not ONNX, the model does not take one float32
         *         NCHW image input, or its output is not {@code [N, classes, H', W']} with as many classes as named
         */
        @Override
        public OnnxSegmenter build() {
            OnnxModel m = open();
            long[] out = m.outputShape();
            String fail = null;
            if (out.length != 4) {
                fail = "has shape " + m.outputShapeText() + ", expected per-pixel class scores [N, classes, H, W]";
            } else if (classes != null && out[1] > 0 && out[1] != classes.size()) {
                fail = "has shape " + m.outputShapeText() + ": " + out[1] + " classes, but " + classes.size()
                        + " class names were given " + classes + "; pass one name per output channel";
            } else if (classes == null && out[1] < 1) {
                fail = "has shape " + m.outputShapeText() + " with a dynamic class dimension: pass the class names "
                        + "with classes(...)";
            }
            if (fail != null) {
                m.close();
                throw new InvalidInputException("model " + m.file() + ": output '" + m.outputName() + "' " + fail);
            }
            List<String> names = classes;
            if (names == null) {
                List<String> generated = new ArrayList<>();
                for (int c = 0; c < out[1]; c++) {
                    generated.add("class" + c);
                }
                names = List.copyOf(generated);
            }
            return new OnnxSegmenter(m, names, name != null ? name : defaultName(m));
        }
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    /**
     * @param images {@code [n, C, H, W]} (NCHW), or {@code [n, C*H*W]} rows (channel-major) when the model's input
     *               size is fixed; any numeric type; not modified
     * @return per image, the class index of each output pixel, {@code H' * W'} values in row-major order
     * @throws InvalidInputException when the images do not fit the model, or a score is NaN
     */
    @Override
    public int[][] segment(INDArray images) {
        int[][] labels = new int[images == null ? 0 : Math.toIntExact(images.size(0))][];
        int k = classes.size();
        model.run(images, (first, count, output) -> {
            long[] shape = output.shape();
            if (shape.length != 4 || shape[1] != k) {
                throw new InvalidInputException("model " + model.file() + ": output '" + model.outputName()
                        + "' has shape " + java.util.Arrays.toString(shape) + ", expected [N, " + k + ", H, W]");
            }
            int plane = Math.toIntExact(shape[2] * shape[3]);
            float[] v = output.values();
            for (int i = 0; i < count; i++) {
                int base = i * k * plane;
                int[] map = new int[plane];
                for (int p = 0; p < plane; p++) {
                    int best = 0;
                    float top = v[base + p];
                    boolean nan = Float.isNaN(top);
                    for (int c = 1; c < k; c++) {
                        float s = v[base + c * plane + p];
                        if (s > top) {
                            top = s;
                            best = c;
                        }
                        nan |= Float.isNaN(s);
                    }
                    if (nan) {
                        throw new InvalidInputException("model " + model.file() + " gave a NaN class score for image "
                                + (first + i) + " at pixel " + p + ": check the images for NaN or infinity");
                    }
                    map[p] = best;
                }
                labels[Math.toIntExact(first + i)] = map;
            }
        });
        return labels;
    }

    /** The label to record with every FSD computed with this segmenter. */
    public String name() {
        return name;
    }

    /** The model's input shape, -1 for a dynamic dimension. */
    public long[] inputShape() {
        return model.inputShape();
    }

    /** Closes the ONNX Runtime session; idempotent. {@link #segment} fails afterwards. */
    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "OnnxSegmenter[" + name + ", classes " + classes + "]";
    }
}
