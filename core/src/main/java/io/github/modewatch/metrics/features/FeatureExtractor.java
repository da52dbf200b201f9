package io.github.modewatch.metrics.features;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns images into feature vectors for the feature metrics (Fréchet distance on features, KID,
 * precision/recall/density/coverage): an Inception or DINOv2 network exported to ONNX ({@code OnnxFeatureExtractor}
 * in modewatch-onnx), a domain classifier's penultimate layer, or anything that maps a batch to n x d numbers.
 *
 * <p>Contract: {@link #extract} returns one row per image, the same width for every batch, and does not modify its
 * argument. Implementations must be usable from one thread at a time (the listener's evaluator thread). The
 * listener that is given an extractor closes it when the listener closes.
 */
public interface FeatureExtractor extends AutoCloseable {

    /**
     * The label recorded next to every score from these features (Prometheus label {@code features}). Scores from
     * different extractors, or from one network with different resizing, are not comparable (StudioGAN's advice,
     * Kang et al. 2023): make the name say which network, which output and which input size.
     */
    String name();

    /**
     * Features of a batch of images.
     *
     * @param images {@code n x ...} in the layout the extractor accepts (e.g. NCHW, or flat rows as a DL4J dense
     *               generator outputs them); not modified
     * @return {@code n x d}
     */
    INDArray extract(INDArray images);

    /** Releases native resources (e.g. an ONNX Runtime session); a no-op by default. Idempotent. */
    @Override
    default void close() {}
}
