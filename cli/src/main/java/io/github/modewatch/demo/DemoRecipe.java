package io.github.modewatch.demo;

import io.github.modewatch.internal.gan.MixtureGan;
import java.util.Arrays;

/**
 * How the demo trains and measures one data set: the GAN (a {@link MixtureGan}: dense generator and
 * discriminator in the combined G+D pattern, Adam) and the NDB set-up. Values checked in the
 * compact constructor; arrays copied in and out.
 *
 * <p>The recipes of {@link #of(DemoDataset, boolean)} were measured on 2 CPU cores (see the README's demo
 * table). A collapse recipe is the healthy recipe until iteration {@link #collapseAt()}; there the
 * discriminator stops training and the generator's learning rate goes up {@value #COLLAPSE_LR_RATIO}x, so the
 * generator piles its samples onto whatever the frozen discriminator rates most real: NDB/K, which had been
 * falling, and the bin histogram's JS divergence jump up within a few hundred iterations. Measured: ring-8 goes
 * from 0-1 differing bins to 8 of 8 and JS 0.50 within 100 iterations on seeds 1 and 2; the scenes go from NDB/K
 * 0.4-0.7 with no bin missing and JS 0.006-0.016 to NDB/K 1.0 with 6-9 of 10 bins missing and JS 0.32-0.51 at the
 * first evaluation after the collapse (seeds 1-3). A generator learning rate 10x the discriminator's from the
 * start also collapses ring-8 (design.md), but then NDB/K never falls first, and a run that was never healthy is
 * not what the ModeCollapse alert is about.
 *
 * <p>The scenes recipe trains with Adam beta1 0 (no momentum), the point sets with DCGAN's 0.5. With 0.5 the scenes
 * GAN dropped one or two bins on seeds 1-3 (7-22% of the real scenes got almost no generated sample; NDB/K 0.7-0.8
 * at the end, too close to the collapse's 1.0); with 0 no bin is missing at the end (seeds 1-5; now and then one
 * mid-run), NDB/K ends at 0.4-0.7 and JS is 2-10x lower. NDB/K still does not get near alpha: a few bins stay 3-10
 * points off their reference share, and it wobbles by about 0.15 (its standard error at K = 10) from one evaluation
 * to the next. The generated images are farther from every bin centre than real ones (mean squared distance 15-33
 * against 7-14, seeds 1 and 2), so this is the small GAN's sample quality, which NDB measures as well. Nothing
 * tried in the 5-minute budget did better (a throwaway harness, seed 1 or seeds 1/2, NDB/K at iteration 3,000 on
 * 2,000 samples): with beta1 0.5: DCGAN (2 deconvolutions with batch norm, 4,000 iterations) 1.0/0.9 at twice the
 * time; PacGAN2/PacGAN4 discriminator 0.8/0.9; dropout 0.3/0.5 in D 0.9/1.0; instance noise 0.1/0.3 on D's input
 * 0.9/0.8; EMA of G's weights 0.995/0.98 0.9/0.9; lr decay to 5% from 1,500 0.8; two D steps per G step 0.7;
 * horizon on 3 fixed levels 0.6/1.0, objects on fixed slots too 1.0/0.9; NDB on 2x2 or 4x4 pooled images 0.8-1.0;
 * K = 5 0.8/0.6; earlier label smoothing, LSGAN, TTUR, lr 5e-4, batch 128, noise-free scenes, 8,000 iterations,
 * K = 20. With beta1 0 (NDB/K over the last evaluations of the run): 6,000 iterations 0.4-0.8, with an EMA (0.999) of
 * G's weights 0.3-0.8, plus lr / 10 from iteration 3,000 0.3-0.8; batch 128 (twice the time) 0.3-0.9 at
 * 2,000-2,500; Adam beta2 0.99 0.6-0.7; a third generator layer (1,024) 0.6-1.0; scene noise 0.01 0.3/0.8; NDB on
 * one-hot label maps instead of pixels 0.7-0.9.
 *
 * @param dataset             what is trained on
 * @param collapse            whether this is the recipe that collapses
 * @param generatorHidden     widths of the generator's hidden layers (LeakyReLU)
 * @param discriminatorHidden widths of the discriminator's hidden layers (LeakyReLU)
 * @param latentSize          size of z, standard normal
 * @param batchSize           real samples per discriminator step (and generated samples per generator step)
 * @param generatorLr         Adam learning rate of the generator (until collapseAt)
 * @param discriminatorLr     Adam learning rate of the discriminator
 * @param adamBeta1           Adam's beta1 (momentum) for both networks, in [0, 1): 0.5 (DCGAN's) for the point
 *                            sets, 0 for the scenes (see above)
 * @param iterations          default number of GAN steps
 * @param collapseAt          collapse recipes: the iteration where the discriminator stops training and the
 *                            generator learning rate rises {@value #COLLAPSE_LR_RATIO}x (in [1, iterations));
 *                            healthy recipes: 0
 * @param every               default iterations between evaluations
 * @param trainingSamples     size of the real training set; the NDB bins and FSD statistics are fitted on it
 * @param bins                K, NDB bins (K-means cells of the training set)
 * @param evaluationSamples   generated samples per evaluation
 * @param imageSize           image height and width in pixels (scenes), 0 for 2-D points
 */
public record DemoRecipe(DemoDataset dataset, boolean collapse, int[] generatorHidden, int[] discriminatorHidden,
                         int latentSize, int batchSize, double generatorLr, double discriminatorLr, double adamBeta1, int iterations,
                         int collapseAt, int every, int trainingSamples, int bins, int evaluationSamples, int imageSize) {

    /** How much the collapse recipes raise the generator's learning rate at {@link #collapseAt()}. */
    public static final double COLLAPSE_LR_RATIO = 50.0;

    public DemoRecipe {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset is null: pass one of " + DemoDataset.names());
        }
        generatorHidden = checkWidths(generatorHidden, "generatorHidden");
        discriminatorHidden = checkWidths(discriminatorHidden, "discriminatorHidden");
        positive(latentSize, "latentSize");
        positive(batchSize, "batchSize");
        positive(iterations, "iterations");
        positive(every, "every");
        if (collapse ? collapseAt < 1 || collapseAt >= iterations : collapseAt != 0) {
            throw new IllegalArgumentException("collapseAt = " + collapseAt + " with " + iterations + " iterations: "
                    + (collapse ? "a collapse recipe needs 1 <= collapseAt < iterations (so at least 2 iterations)"
                    : "must be 0 for a healthy recipe"));
        }
        positive(bins, "bins");
        if (!(generatorLr > 0) || !(discriminatorLr > 0)) {
            throw new IllegalArgumentException("learning rates " + generatorLr + " and " + discriminatorLr
                    + ": both must be > 0, e.g. 2e-4");
        }
        if (!(adamBeta1 >= 0 && adamBeta1 < 1)) {
            throw new IllegalArgumentException("adamBeta1 = " + adamBeta1 + ": must be in [0, 1), e.g. 0.5");
        }
        if (trainingSamples < bins) {
            throw new IllegalArgumentException("trainingSamples = " + trainingSamples + " for " + bins
                    + " bins: need at least one sample per bin (~500 per bin is the NDB paper's advice)");
        }
        if (evaluationSamples < 2) {
            throw new IllegalArgumentException("evaluationSamples = " + evaluationSamples + ": must be >= 2");
        }
        if (dataset == DemoDataset.SCENES ? imageSize < 16 : imageSize != 0) {
            throw new IllegalArgumentException("imageSize = " + imageSize + " for " + dataset
                    + ": scenes need >= 16 pixels, points 0");
        }
    }

    /** The measured recipe for a data set: healthy, or the one that collapses. */
    public static DemoRecipe of(DemoDataset dataset, boolean collapse) {
        switch (dataset) {
            case SCENES: {
                double d = 2e-4;
                return new DemoRecipe(dataset, collapse, new int[] {256, 512}, new int[] {512, 256}, 32, 64,
                        d, d, 0.0, 3_000, collapse ? 1_750 : 0, 250, 10_000, 10, 2_000, 16);
            }
            case RING: {
                double d = 2e-4;
                return new DemoRecipe(dataset, collapse, new int[] {128, 128}, new int[] {128, 128}, 2, 128,
                        d, d, MixtureGan.DCGAN_BETA1, 2_000, collapse ? 1_000 : 0, 100, 10_000, 8, 1_000, 0);
            }
            case GRID: {
                double d = 2e-4;
                return new DemoRecipe(dataset, collapse, new int[] {128, 128}, new int[] {128, 128}, 2, 128,
                        d, d, MixtureGan.DCGAN_BETA1, 3_000, collapse ? 1_500 : 0, 150, 10_000, 25, 2_500, 0);
            }
            default:
                throw new IllegalArgumentException("no recipe for " + dataset);
        }
    }

    /** Values per sample: 3 x size x size for scenes, 2 for points. */
    public int dataWidth() {
        return imageSize == 0 ? 2 : 3 * imageSize * imageSize;
    }

    /** The GAN this recipe describes, with weights and noise from {@code seed}. */
    public MixtureGan newGan(long seed) {
        return new MixtureGan(dataWidth(), latentSize, generatorHidden, discriminatorHidden, generatorLr, discriminatorLr,
                adamBeta1, imageSize == 0 ? org.nd4j.linalg.activations.Activation.IDENTITY
                        : org.nd4j.linalg.activations.Activation.SIGMOID, batchSize, seed);
    }

    @Override
    public int[] generatorHidden() {
        return generatorHidden.clone();
    }

    @Override
    public int[] discriminatorHidden() {
        return discriminatorHidden.clone();
    }

    /**
     * A copy with other iteration counts (the command line's --iterations and --every); a collapse recipe
     * collapses at the same fraction of the run.
     */
    public DemoRecipe withIterations(int iterations, int every) {
        int at = 0;
        if (collapse) {
            if (iterations < 2) {
                throw new IllegalArgumentException("iterations = " + iterations + ": a collapse run needs at least 2 "
                        + "(it trains healthily, then collapses)");
            }
            at = (int) Math.max(1, Math.min(iterations - 1, Math.round((double) collapseAt * iterations / this.iterations)));
        }
        return new DemoRecipe(dataset, collapse, generatorHidden, discriminatorHidden, latentSize, batchSize,
                generatorLr, discriminatorLr, adamBeta1, iterations, at, every, trainingSamples, bins, evaluationSamples, imageSize);
    }

    /** The generator's learning rate from {@link #collapseAt()} on (collapse recipes). */
    public double collapsedGeneratorLr() {
        return COLLAPSE_LR_RATIO * generatorLr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemoRecipe r && dataset == r.dataset && collapse == r.collapse
                && Arrays.equals(generatorHidden, r.generatorHidden) && Arrays.equals(discriminatorHidden, r.discriminatorHidden)
                && latentSize == r.latentSize && batchSize == r.batchSize && generatorLr == r.generatorLr
                && discriminatorLr == r.discriminatorLr && adamBeta1 == r.adamBeta1 && iterations == r.iterations
                && collapseAt == r.collapseAt && every == r.every
                && trainingSamples == r.trainingSamples && bins == r.bins && evaluationSamples == r.evaluationSamples
                && imageSize == r.imageSize;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dataset, collapse, Arrays.hashCode(generatorHidden), Arrays.hashCode(discriminatorHidden),
                latentSize, batchSize, generatorLr, discriminatorLr, adamBeta1, iterations, collapseAt, every, trainingSamples, bins,
                evaluationSamples, imageSize);
    }

    @Override
    public String toString() {
        return "DemoRecipe[" + dataset + (collapse ? " collapse" : " healthy") + ", G " + Arrays.toString(generatorHidden)
                + " lr " + generatorLr + ", D " + Arrays.toString(discriminatorHidden) + " lr " + discriminatorLr
                + ", Adam beta1 " + adamBeta1 + ", z " + latentSize + ", batch " + batchSize + ", " + iterations + " iterations"
                + (collapse ? " (collapse at " + collapseAt + ")" : "") + ", evaluated every " + every
                + ", K " + bins + ", " + evaluationSamples + " samples]";
    }

    private static int[] checkWidths(int[] widths, String name) {
        if (widths == null || widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException(name + " = " + Arrays.toString(widths)
                    + ": must hold at least one layer width, each >= 1, e.g. {128, 128}");
        }
        return widths.clone();
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ": must be >= 1");
        }
    }
}
