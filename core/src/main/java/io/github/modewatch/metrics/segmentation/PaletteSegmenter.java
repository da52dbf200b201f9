package io.github.modewatch.metrics.segmentation;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Segments images whose classes are flat colours (such as {@code Scenes}): every pixel gets the class whose
 * colour is nearest in RGB, argmin_k ||pixel - colour_k||_2. Immutable and thread-safe.
 *
 * <p>Input: {@code n x 3 x height x width} (NCHW) or {@code n x 3*height*width} flattened channel-major
 * (channel c, row y, column x at {@code c*height*width + y*width + x}, as a DL4J dense layer outputs images),
 * any floating data type, values on the palette's scale ([0, 1] for {@code Scenes}; rescale a tanh generator's
 * [-1, 1] first). Images are copied out of ND4J in batches of {@value #BATCH_IMAGES} and labelled in a tight
 * loop over primitive arrays.
 */
public final class PaletteSegmenter implements Segmenter {
    /** Images copied out of ND4J at a time (bounds the memory of the copy). */
    static final int BATCH_IMAGES = 512;

    private final List<String> classes;
    private final float[][] colours;
    private final int height;
    private final int width;

    /**
     * @param classes class names, index = label value
     * @param colours one RGB colour per class, finite
     * @param height  image height in pixels, &gt;= 1
     * @param width   image width in pixels, &gt;= 1
     */
    public PaletteSegmenter(List<String> classes, double[][] colours, int height, int width) {
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException("classes is empty: pass one name per colour (label value = index)");
        }
        if (colours == null || colours.length != classes.size()) {
            throw new IllegalArgumentException("got " + (colours == null ? "no" : colours.length) + " colours for "
                    + classes.size() + " classes " + classes + ": pass exactly one RGB colour per class");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "height = " + height + ", width = " + width + ": both must be >= 1 (the images' size in pixels)");
        }
        this.colours = new float[colours.length][];
        for (int k = 0; k < colours.length; k++) {
            double[] c = colours[k];
            if (c == null || c.length != 3 || !Arrays.stream(c).allMatch(Double::isFinite)) {
                throw new IllegalArgumentException("colour of class '" + classes.get(k) + "' is " + Arrays.toString(c)
                        + ": must be 3 finite values (R, G, B)");
            }
            this.colours[k] = new float[] {(float) c[0], (float) c[1], (float) c[2]};
        }
        this.classes = List.copyOf(classes);
        this.height = height;
        this.width = width;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /**
     * @throws IllegalArgumentException when the shape is neither {@code [n, 3, height, width]} nor
     *         {@code [n, 3*height*width]}, or a pixel is NaN or infinite
     */
    @Override
    public int[][] segment(INDArray images) {
        INDArray flat = flatten(images);
        int n = Math.toIntExact(flat.rows());
        int plane = height * width;
        int[][] labels = new int[n][];
        int k = colours.length;
        float[] r = new float[k];
        float[] g = new float[k];
        float[] b = new float[k];
        for (int j = 0; j < k; j++) {
            r[j] = colours[j][0];
            g[j] = colours[j][1];
            b[j] = colours[j][2];
        }
        for (int start = 0; start < n; start += BATCH_IMAGES) {
            int end = Math.min(n, start + BATCH_IMAGES);
            INDArray batch = flat.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            float[] data = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = start; i < end; i++) {
                int base = (i - start) * 3 * plane;
                int[] map = new int[plane];
                for (int p = 0; p < plane; p++) {
                    float pr = data[base + p];
                    float pg = data[base + plane + p];
                    float pb = data[base + 2 * plane + p];
                    int best = -1;
                    float bestDistance = Float.POSITIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        float dr = pr - r[j];
                        float dg = pg - g[j];
                        float db = pb - b[j];
                        float d = dr * dr + dg * dg + db * db;
                        if (d < bestDistance) {
                            bestDistance = d;
                            best = j;
                        }
                    }
                    if (best < 0) {
                        throw new IllegalArgumentException("image " + i + " has a non-finite value at pixel (y = "
                                + p / width + ", x = " + p % width + "): (" + pr + ", " + pg + ", " + pb
                                + "); the generator produced NaN or infinity");
                    }
                    map[p] = best;
                }
                labels[i] = map;
            }
        }
        return labels;
    }

    private INDArray flatten(INDArray images) {
        if (images == null) {
            throw new IllegalArgumentException("images is null: pass an n x 3 x " + height + " x " + width + " or n x "
                    + 3 * height * width + " array");
        }
        long[] shape = images.shape();
        long flatWidth = 3L * height * width;
        String expected = "expected [n, 3, " + height + ", " + width + "] (NCHW) or [n, " + flatWidth
                + "] (flattened channel-major, 3 x " + height + " x " + width + ")";
        if (!images.dataType().isFPType()) {
            throw new IllegalArgumentException("images have data type " + images.dataType()
                    + ": pass floating-point pixels (float, double or half)");
        }
        if (images.rank() == 2) {
            if (shape[1] != flatWidth) {
                throw new IllegalArgumentException("images have shape " + Arrays.toString(shape) + ": " + expected
                        + "; check the segmenter's height and width");
            }
            return images;
        }
        if (images.rank() == 4) {
            if (shape[1] != 3 || shape[2] != height || shape[3] != width) {
                throw new IllegalArgumentException("images have shape " + Arrays.toString(shape) + ": " + expected
                        + (shape[3] == 3 ? "; NHWC input must be permuted to NCHW first" : ""));
            }
            return images.reshape('c', shape[0], flatWidth);
        }
        throw new IllegalArgumentException(
                "images have rank " + images.rank() + " (shape " + Arrays.toString(shape) + "): " + expected);
    }

    @Override
    public String toString() {
        return "PaletteSegmenter" + classes + " " + height + "x" + width;
    }
}
