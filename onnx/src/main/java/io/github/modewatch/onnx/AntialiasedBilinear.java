package io.github.modewatch.onnx;

/**
 * Antialiased bilinear resizing of NCHW float images, as Pillow's {@code Image.resize(size, Image.BILINEAR)} does
 * it on 32-bit float ("F") images, one channel at a time (tested against Pillow 9.4 to 1e-5).
 *
 * <p>Separable: rows first, then columns. For an axis of {@code in} pixels resized to {@code out}, let
 * {@code scale = in / out} and {@code support = max(scale, 1)}. Output pixel {@code i} has its centre at
 * {@code centre = (i + 0.5) * scale} in input coordinates and is the weighted mean of the input pixels {@code j}
 * in {@code [trunc(centre - support + 0.5), trunc(centre + support + 0.5))} clipped to the image, with the triangle
 * weights {@code w(j) = max(0, 1 - |j + 0.5 - centre| / support)} divided by their sum. When shrinking
 * ({@code scale > 1}) the triangle widens with the scale, so every input pixel contributes (the antialiasing
 * clean-fid asks for; Parmar et al., "On Aliased Resizing and Surprising Subtleties in GAN Evaluation", CVPR 2022);
 * when enlarging it is plain bilinear interpolation with half-pixel centres (PyTorch's
 * {@code align_corners=False}), the border pixels repeated.
 */
final class AntialiasedBilinear {
    private AntialiasedBilinear() {}

    /** Per output pixel: first input index and normalised weights. */
    private record Taps(int[] first, double[][] weights) {}

    static Taps taps(int in, int out) {
        double scale = (double) in / out;
        double support = Math.max(scale, 1.0);
        int[] first = new int[out];
        double[][] weights = new double[out][];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int lo = Math.max(0, (int) (centre - support + 0.5));
            int hi = Math.min(in, (int) (centre + support + 0.5));
            double[] w = new double[Math.max(0, hi - lo)];
            double sum = 0;
            for (int j = lo; j < hi; j++) {
                double d = Math.abs(j + 0.5 - centre) / support;
                w[j - lo] = d < 1 ? 1 - d : 0;
                sum += w[j - lo];
            }
            for (int k = 0; k < w.length; k++) {
                w[k] /= sum;
            }
            first[i] = lo;
            weights[i] = w;
        }
        return new Taps(first, weights);
    }

    /**
     * Resizes {@code planes} planes of {@code h x w} floats (c-order, one after another) to {@code outH x outW}.
     *
     * @return a new array of {@code planes * outH * outW} floats
     */
    static float[] resize(float[] src, int planes, int h, int w, int outH, int outW) {
        Taps across = taps(w, outW);
        Taps down = taps(h, outH);
        float[] dst = new float[planes * outH * outW];
        double[] rows = new double[h * outW];
        for (int p = 0; p < planes; p++) {
            int in = p * h * w;
            for (int y = 0; y < h; y++) {
                int row = in + y * w;
                for (int x = 0; x < outW; x++) {
                    double[] wt = across.weights[x];
                    int j0 = row + across.first[x];
                    double s = 0;
                    for (int k = 0; k < wt.length; k++) {
                        s += wt[k] * src[j0 + k];
                    }
                    rows[y * outW + x] = (float) s; // Pillow keeps the intermediate image in float32
                }
            }
            int out = p * outH * outW;
            for (int y = 0; y < outH; y++) {
                double[] wt = down.weights[y];
                int r0 = down.first[y];
                for (int x = 0; x < outW; x++) {
                    double s = 0;
                    for (int k = 0; k < wt.length; k++) {
                        s += wt[k] * rows[(r0 + k) * outW + x];
                    }
                    dst[out + y * outW + x] = (float) s;
                }
            }
        }
        return dst;
    }
}
