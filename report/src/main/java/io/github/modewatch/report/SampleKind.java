package io.github.modewatch.report;

/**
 * What the rows of {@link ReportSamples} are, which decides how the report shows them: 2-D points as scatter
 * plots, images as sample grids.
 */
public sealed interface SampleKind permits SampleKind.Points2d, SampleKind.Image {

    /** 2-D points (PacGAN ring-8 / grid-25 style data), one (x, y) per row. */
    SampleKind POINTS_2D = new Points2d();

    /** Features per row. */
    int dimension();

    /**
     * Images flattened channel-major per row (channel c, row y, column x at {@code c*height*width + y*width + x},
     * as a DL4J dense layer outputs them), values in [0, 1].
     *
     * @param channels 1 (grey) or 3 (RGB)
     */
    static SampleKind image(int channels, int height, int width) {
        return new Image(channels, height, width);
    }

    /** 2-D points: each row is (x, y). */
    record Points2d() implements SampleKind {
        @Override
        public int dimension() {
            return 2;
        }
    }

    /** Images of channels x height x width, channel-major per row, values in [0, 1]. */
    record Image(int channels, int height, int width) implements SampleKind {
        public Image {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels = " + channels + ": must be 1 (grey) or 3 (RGB)");
            }
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException(
                        "height = " + height + ", width = " + width + ": both must be >= 1 pixel");
            }
        }

        @Override
        public int dimension() {
            return channels * height * width;
        }
    }
}
