package io.github.modewatch.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class AntialiasedBilinearTest {

    /** Oracle: Pillow 9.4's Image.resize((4, 4), Image.BILINEAR) per channel in mode 'F' (make_fixtures.py). */
    @ParameterizedTest
    @ValueSource(strings = {"8x8", "11x7", "3x5", "4x9"})
    void resizesExactlyAsPillowsAntialiasedBilinear(String size) {
        INDArray images = OnnxFixtures.npy("resize_" + size + ".npy");
        float[] expected = OnnxFixtures.npy("resize_" + size + "_to_4x4.npy")
                .castTo(DataType.FLOAT)
                .dup('c')
                .data()
                .asFloat();
        long[] s = images.shape();
        float[] got = AntialiasedBilinear.resize(
                images.dup('c').data().asFloat(), (int) (s[0] * s[1]), (int) s[2], (int) s[3], 4, 4);
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            assertThat((double) got[i]).as("value %d of %s", i, size).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void halvingAveragesWithTheTriangleWidenedToTwoPixels() {
        // scale 2, support 2: output pixel 0 has centre 1 and taps j = 0, 1, 2 with weights 1 - |j + 0.5 - 1| / 2
        // = 0.75, 0.75, 0.25 (sum 1.75); in 1-D (one row, height 1 -> 1) that is (0.75 a + 0.75 b + 0.25 c) / 1.75
        float[] row = {1, 2, 4, 8};
        float[] got = AntialiasedBilinear.resize(row, 1, 1, 4, 1, 2);
        assertThat((double) got[0]).isCloseTo((0.75 * 1 + 0.75 * 2 + 0.25 * 4) / 1.75, within(1e-6));
        // output pixel 1: centre 3, taps j = 1, 2, 3 with weights 0.25, 0.75, 0.75
        assertThat((double) got[1]).isCloseTo((0.25 * 2 + 0.75 * 4 + 0.75 * 8) / 1.75, within(1e-6));
    }

    @Test
    void sameSizeIsTheIdentityAndAConstantImageStaysConstant() {
        float[] image = new float[2 * 5 * 6];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) Math.sin(i);
        }
        assertThat(AntialiasedBilinear.resize(image, 2, 5, 6, 5, 6)).containsExactly(image);
        float[] constant = new float[7 * 13];
        Arrays.fill(constant, 0.3f);
        for (int[] out : new int[][] {{3, 5}, {14, 2}, {1, 1}, {20, 30}}) {
            for (float v : AntialiasedBilinear.resize(constant, 1, 7, 13, out[0], out[1])) {
                assertThat((double) v).isCloseTo(0.3, within(1e-6));
            }
        }
    }
}
