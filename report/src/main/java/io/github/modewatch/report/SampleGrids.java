package io.github.modewatch.report;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tiles sample images into one picture: each sample's pixels are copied and scaled up by pixel replication
 * (nearest neighbour) so that small images (e.g. 32 x 32) are visible; values are clipped to [0, 1].
 */
final class SampleGrids {
    /** Smallest tile side in screen pixels: images are scaled up by an integer factor to reach it. */
    static final int MIN_TILE = 96;

    static final int GAP = 3;
    private static final int BACKGROUND = 0xFFFFFF;

    private SampleGrids() {}

    /** Integer scale factor for images of this size. */
    static int scale(SampleKind.Image kind) {
        return Math.max(1, (int) Math.ceil((double) MIN_TILE / Math.max(kind.height(), kind.width())));
    }

    /**
     * @param samples rows of channel-major images
     * @param rows    indices of the rows to show, in order
     * @param columns tiles per grid row
     */
    static BufferedImage grid(INDArray samples, int[] rows, SampleKind.Image kind, int columns) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no samples to tile");
        }
        int scale = scale(kind);
        int h = kind.height();
        int w = kind.width();
        int plane = h * w;
        int cols = Math.min(columns, rows.length);
        int gridRows = (rows.length + cols - 1) / cols;
        int tileW = w * scale;
        int tileH = h * scale;
        BufferedImage image = new BufferedImage(
                GAP + cols * (tileW + GAP), GAP + gridRows * (tileH + GAP), BufferedImage.TYPE_INT_RGB);
        int[] background = new int[image.getWidth()];
        Arrays.fill(background, BACKGROUND);
        for (int y = 0; y < image.getHeight(); y++) {
            image.setRGB(0, y, image.getWidth(), 1, background, 0, image.getWidth());
        }
        float[] data =
                samples.getRows(rows).castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] tile = new int[tileW * tileH];
        for (int t = 0; t < rows.length; t++) {
            int base = t * kind.dimension();
            for (int y = 0; y < tileH; y++) {
                for (int x = 0; x < tileW; x++) {
                    int p = (y / scale) * w + x / scale;
                    int r;
                    int g;
                    int b;
                    if (kind.channels() == 1) {
                        r = g = b = level(data[base + p]);
                    } else {
                        r = level(data[base + p]);
                        g = level(data[base + plane + p]);
                        b = level(data[base + 2 * plane + p]);
                    }
                    tile[y * tileW + x] = (r << 16) | (g << 8) | b;
                }
            }
            int ox = GAP + (t % cols) * (tileW + GAP);
            int oy = GAP + (t / cols) * (tileH + GAP);
            image.setRGB(ox, oy, tileW, tileH, tile, 0, tileW);
        }
        return image;
    }

    /** [0, 1] to 0..255; NaN shows as 0. */
    private static int level(float v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? 255 : Math.round(v * 255);
    }
}
