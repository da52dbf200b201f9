package io.github.modewatch.metrics.segmentation;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Labels every pixel of a batch of images with a class index, for FSD.
 *
 * <p>Implementations: a colour palette for synthetic scenes ({@code PaletteSegmenter}), or a wrapped
 * segmentation network. Must be thread-safe or used from one thread (the evaluator's).
 */
public interface Segmenter {

    /** Class names; a label value is an index into this list. */
    List<String> classes();

    /**
     * Segments a batch.
     *
     * @param images batch of images, NCHW ({@code n x channels x height x width}) or flattened
     *               ({@code n x channels*height*width}, channel-major, as DL4J's dense output gives it)
     * @return one label map per image, {@code height*width} class indices in row-major pixel order
     */
    int[][] segment(INDArray images);
}
