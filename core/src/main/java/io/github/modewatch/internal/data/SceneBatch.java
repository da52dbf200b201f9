package io.github.modewatch.internal.data;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Synthetic scenes with their ground-truth label maps, as {@link Scenes} draws them. Immutable: the images are
 * {@code dup()}ed and the label maps copied, in and out.
 *
 * @param images n x (3 * height * width) float32 pixels in [0, 1], channel-major per row: channel c, row y,
 *               column x is at {@code c*height*width + y*width + x} (how a DL4J dense layer outputs images)
 * @param labels n label maps of height * width class indices (row-major, index into {@link Scenes#CLASSES})
 * @param height image height in pixels
 * @param width  image width in pixels
 */
public record SceneBatch(INDArray images, int[][] labels, int height, int width) {

    public SceneBatch {
        if (images == null || labels == null) {
            throw new IllegalArgumentException("images and labels must not be null");
        }
        long pixels = (long) height * width;
        if (images.rank() != 2 || images.rows() != labels.length || images.columns() != 3 * pixels) {
            throw new IllegalArgumentException("images have shape " + java.util.Arrays.toString(images.shape())
                    + ", expected [" + labels.length + ", " + 3 * pixels + "] for " + labels.length + " RGB images of "
                    + height + " x " + width);
        }
        int[][] copy = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].length != pixels) {
                throw new IllegalArgumentException(
                        "label map " + i + " has " + labels[i].length + " pixels, expected " + pixels);
            }
            copy[i] = labels[i].clone();
        }
        images = images.castTo(DataType.FLOAT).dup('c');
        labels = copy;
    }

    /** The images (a copy), n x 3*height*width. */
    @Override
    public INDArray images() {
        return images.dup();
    }

    /** The images (a copy) as NCHW, n x 3 x height x width. */
    public INDArray imagesNchw() {
        return images.dup().reshape('c', size(), 3, height, width);
    }

    /** All label maps (a copy). */
    @Override
    public int[][] labels() {
        int[][] copy = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            copy[i] = labels[i].clone();
        }
        return copy;
    }

    /** The label map of scene i (a copy). */
    public int[] labels(int i) {
        return labels[i].clone();
    }

    /** Number of scenes. */
    public int size() {
        return labels.length;
    }

    /** Class names, index = label value. */
    public List<String> classes() {
        return Scenes.CLASSES;
    }
}
