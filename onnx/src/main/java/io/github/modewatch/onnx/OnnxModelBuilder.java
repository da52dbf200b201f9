package io.github.modewatch.onnx;

import java.nio.file.Path;

/**
 * Options shared by {@link OnnxFeatureExtractor.Builder} and {@link OnnxSegmenter.Builder}. Self-typed, so the
 * shared setters return the concrete builder.
 *
 * @param <B> the concrete builder
 * @param <M> what it builds
 */
public abstract class OnnxModelBuilder<B extends OnnxModelBuilder<B, M>, M> {
    /** Images per ONNX Runtime call unless {@link #batch(int)} says otherwise. */
    public static final int DEFAULT_BATCH = 32;

    final Path model;
    String output;
    Normalization normalization = Normalization.identity();
    int batch = DEFAULT_BATCH;
    int threads;
    String name;

    OnnxModelBuilder(Path model) {
        this.model = model;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The model output to read, by name; default: the model's first output. */
    public B output(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("output = '" + name + "': pass an output name of the model "
                    + "(or leave it unset for the first output)");
        }
        this.output = name;
        return self();
    }

    /** The model's input normalisation, applied after resizing; default {@link Normalization#identity()}. */
    public B normalization(Normalization normalization) {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization is null: pass Normalization.identity() for none");
        }
        this.normalization = normalization;
        return self();
    }

    /**
     * Images per ONNX Runtime call (memory: batch x C x H x W floats in and the output out); default
     * {@value #DEFAULT_BATCH}. A model exported with a fixed batch size uses that size instead.
     */
    public B batch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException(
                    "batch = " + batch + ": must be >= 1; pass images per model call, e.g. 32");
        }
        this.batch = batch;
        return self();
    }

    /** ONNX Runtime's intra-op threads; default 0 = ONNX Runtime's own choice (one per physical core). */
    public B threads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads = " + threads + ": must be >= 0 (0 = ONNX Runtime's default)");
        }
        this.threads = threads;
        return self();
    }

    /**
     * The name recorded with every score computed from this model, e.g. {@code inception-v3-pytorch-fid};
     * default: file name, output and resize, e.g. {@code pt_inception.onnx:pool3@299x299 bilinear-antialias}.
     * Scores from different extractors or resizes are not comparable, so keep the name bounded and explicit.
     */
    public B name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name = '" + name + "': pass a non-blank label for this model");
        }
        this.name = name;
        return self();
    }

    /**
     * Opens the model and checks that it fits.
     *
     * @throws io.github.modewatch.io.InvalidInputException when the file is missing or not ONNX, or the model's
     *         input or output does not fit, naming the expected and actual shapes
     */
    public abstract M build();

    OnnxModel open() {
        return new OnnxModel(model, output, normalization, batch, threads);
    }

    static String defaultName(OnnxModel m) {
        Path file = m.file().getFileName();
        return (file == null ? m.file().toString() : file.toString()) + ":" + m.outputName() + "@" + m.resizeText();
    }
}
