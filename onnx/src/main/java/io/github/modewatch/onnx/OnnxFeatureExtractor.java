package io.github.modewatch.onnx;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.metrics.features.FeatureExtractor;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images to feature vectors with an ONNX model run by ONNX Runtime: the inputs of FID-style Fréchet distance, KID
 * and precision/recall/density/coverage (FID when the model is Inception v3 and the output its 2,048-d pool3
 * features, Heusel et al., NeurIPS 2017).
 *
 * <p>For each image (NCHW; any numeric type, cast to float32): when the model's input has a fixed height and width
 * that differ from the image's, the image is resized to it by {@link AntialiasedBilinear antialiased bilinear}
 * interpolation (Pillow's {@code BILINEAR}); then the {@link Normalization} {@code (scale * x - mean[c]) / std[c]}
 * is applied; then images go through the model in batches. The features of an image are the chosen output (named,
 * or the model's first) flattened: an output of shape {@code [N, d1, d2, ...]} gives {@code d1 * d2 * ...} features
 * per image (so Inception's {@code [N, 2048, 1, 1]} pool3 gives 2,048).
 *
 * <p>Record {@link #name()} next to every score (StudioGAN's advice, Kang et al. 2023): scores from different
 * extractors, or from one extractor with different resizing, are not comparable. Immutable and thread-safe;
 * {@link #close()} releases the ONNX Runtime session.
 *
 * <pre>{@code
 * try (OnnxFeatureExtractor inception = OnnxFeatureExtractor.builder(Path.of("pt_inception.onnx"))
 *         .output("pool3").batch(50).build()) {
 *     INDArray features = inception.extract(images);   // n x 2048 float32
 * }
 * }</pre>
 */
public final class OnnxFeatureExtractor implements FeatureExtractor {
    private final OnnxModel model;
    private final String name;

    private OnnxFeatureExtractor(OnnxModel model, String name) {
        this.model = model;
        this.name = name;
    }

    /** @param model path of the {@code .onnx} file */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /** Options for {@link OnnxFeatureExtractor}; {@link #build()} opens and checks the model. */
    public static final class Builder extends OnnxModelBuilder<Builder, OnnxFeatureExtractor> {
        Builder(Path model) {
            super(model);
        }

        /**
         * @throws InvalidInputException when the file is missing or not ONNX, the model does not take one float32
         *         NCHW image input, the output is missing, not float32 or has no per-image dimensions
         */
        @Override
        public OnnxFeatureExtractor build() {
            OnnxModel m = open();
            long[] out = m.outputShape();
            if (out.length < 2) {
                String text = m.outputShapeText();
                m.close();
                throw new InvalidInputException("model " + m.file() + ": output '" + m.outputName() + "' has shape "
                        + text + ", expected [N, features...] (one row per image); pass another output name");
            }
            return new OnnxFeatureExtractor(m, name != null ? name : defaultName(m));
        }
    }

    /**
     * Features of every image.
     *
     * @param images {@code [n, C, H, W]} (NCHW), or {@code [n, C*H*W]} rows (channel-major) when the model's input
     *               size is fixed; any numeric type; not modified
     * @return {@code n x d} float32, d = product of the output's dimensions after the first
     * @throws InvalidInputException when the images do not fit the model's input
     */
    @Override
    public INDArray extract(INDArray images) {
        float[][] rows = new float[1][];
        long[] per = {-1};
        long n = images == null ? 0 : images.size(0);
        model.run(images, (first, count, output) -> {
            long d = output.values().length / count;
            if (per[0] < 0) {
                per[0] = d;
                rows[0] = new float[Math.toIntExact(n * d)];
            } else if (per[0] != d) {
                throw new InvalidInputException("model " + model.file() + ": output '" + model.outputName()
                        + "' has " + d + " values per image in one batch and " + per[0] + " in another ("
                        + Arrays.toString(output.shape()) + "); give all images the same size");
            }
            System.arraycopy(output.values(), 0, rows[0], Math.toIntExact(first * d), output.values().length);
        });
        return Nd4j.create(rows[0], new long[] {n, per[0]}, 'c');
    }

    /** The label to record with every score from these features (see {@link Builder#name(String)}). */
    @Override
    public String name() {
        return name;
    }

    /** The output read. */
    public String outputName() {
        return model.outputName();
    }

    /** The model's input shape, -1 for a dynamic dimension. */
    public long[] inputShape() {
        return model.inputShape();
    }

    /** Images per model call. */
    public int batch() {
        return model.batch();
    }

    /** Closes the ONNX Runtime session; idempotent. {@link #extract} fails afterwards. */
    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "OnnxFeatureExtractor[" + name + ", input '" + model.inputName() + "' " + model.inputShapeText()
                + ", output '" + model.outputName() + "' " + model.outputShapeText() + ", " + model.normalization()
                + "]";
    }
}
