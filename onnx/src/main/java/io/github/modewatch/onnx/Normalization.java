package io.github.modewatch.onnx;

import java.util.Arrays;

/**
 * The per-channel normalisation a model expects, applied after resizing: {@code x' = (scale * x - mean[c]) / std[c]}
 * for every pixel of channel {@code c}. Immutable; arrays are copied in and out.
 *
 * <p>Examples: pixels in [0, 1] for a torchvision ImageNet model: {@code of(1, {0.485, 0.456, 0.406},
 * {0.229, 0.224, 0.225})}; pixels in [0, 255] for a model that wants [-1, 1] (pytorch-fid's Inception normalises
 * inside the network, so it gets {@link #identity()} on [0, 1] pixels): {@code of(2.0 / 255, {1, 1, 1}, {1, 1, 1})}.
 *
 * @param scale multiplies every pixel first; finite and non-zero
 * @param mean  subtracted per channel after scaling; empty = 0 for every channel
 * @param std   divides per channel after subtracting the mean, each finite and &gt; 0; empty = 1 for every channel
 */
public record Normalization(double scale, double[] mean, double[] std) {

    public Normalization {
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("normalization scale = " + scale + ": must be finite and non-zero; "
                    + "pass 1 for pixels already on the model's scale, 1/255.0 for 8-bit pixels");
        }
        mean = mean == null ? new double[0] : mean.clone();
        std = std == null ? new double[0] : std.clone();
        if (mean.length > 0 && std.length > 0 && mean.length != std.length) {
            throw new IllegalArgumentException("normalization has " + mean.length + " means and " + std.length
                    + " standard deviations: pass one of each per channel");
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("normalization mean " + Arrays.toString(mean)
                        + " has a non-finite value: pass finite per-channel means");
            }
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("normalization std " + Arrays.toString(std)
                        + ": each must be finite and > 0 (the model's per-channel standard deviation)");
            }
        }
    }

    /** No change: scale 1, mean 0, std 1. */
    public static Normalization identity() {
        return new Normalization(1, new double[0], new double[0]);
    }

    /** {@code x' = (scale * x - mean[c]) / std[c]}. */
    public static Normalization of(double scale, double[] mean, double[] std) {
        return new Normalization(scale, mean, std);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** True when this changes nothing. */
    public boolean isIdentity() {
        return scale == 1
                && Arrays.stream(mean).allMatch(m -> m == 0)
                && Arrays.stream(std).allMatch(s -> s == 1);
    }

    /** Channels this normalisation is written for; 0 when it applies the same to every channel. */
    public int channels() {
        return Math.max(mean.length, std.length);
    }

    /** Normalises {@code n} images of {@code channels} planes of {@code plane} pixels in place (c-order NCHW). */
    void apply(float[] pixels, int n, int channels, int plane) {
        if (isIdentity()) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            double m = mean.length == 0 ? 0 : mean[c];
            double s = std.length == 0 ? 1 : std[c];
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    pixels[base + p] = (float) ((scale * pixels[base + p] - m) / s);
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other
                && scale == other.scale
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(scale) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[scale=" + scale + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
                + "]";
    }
}
