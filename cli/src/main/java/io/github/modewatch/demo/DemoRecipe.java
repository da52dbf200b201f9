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
 * <p>The scenes recipe trains with Adam beta1 0 (no momentum), the point sets with DCGAN's 0.5: with 0.5 the
 * scenes GAN dropped one or two bins. What each recipe measured, and the 30-odd recipes tried before these, are in
 * {@code docs/demo-recipes.md}. Build one with {@link #builder(DemoDataset)}: 16 positional numbers are too easy to
 * get in the wrong order.
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
public record DemoRecipe(
        DemoDataset dataset,
        boolean collapse,
        int[] generatorHidden,
        int[] discriminatorHidden,
        int latentSize,
        int batchSize,
        double generatorLr,
        double discriminatorLr,
        double adamBeta1,
        int iterations,
        int collapseAt,
        int every,
        int trainingSamples,
        int bins,
        int evaluationSamples,
        int imageSize) {

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
                    + (collapse
                            ? "a collapse recipe needs 1 <= collapseAt < iterations (so at least 2 iterations)"
                            : "must be 0 for a healthy recipe"));
        }
        positive(bins, "bins");
        if (!(generatorLr > 0) || !(discriminatorLr > 0)) {
            throw new IllegalArgumentException(
                    "learning rates " + generatorLr + " and " + discriminatorLr + ": both must be > 0, e.g. 2e-4");
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
            throw new IllegalArgumentException(
                    "imageSize = " + imageSize + " for " + dataset + ": scenes need >= 16 pixels, points 0");
        }
    }

    /** The measured recipe for a data set: healthy, or the one that collapses. */
    public static DemoRecipe of(DemoDataset dataset, boolean collapse) {
        switch (dataset) {
            case SCENES:
                return builder(dataset)
                        .generator(256, 512)
                        .discriminator(512, 256)
                        .latent(32)
                        .batch(64)
                        .learningRates(2e-4, 2e-4)
                        .adamBeta1(0.0)
                        .iterations(3_000)
                        .collapseAt(collapse ? 1_750 : 0)
                        .every(250)
                        .trainingSamples(10_000)
                        .bins(10)
                        .evaluationSamples(2_000)
                        .imageSize(16)
                        .build();
            case RING:
                return builder(dataset)
                        .generator(128, 128)
                        .discriminator(128, 128)
                        .latent(2)
                        .batch(128)
                        .learningRates(2e-4, 2e-4)
                        .adamBeta1(MixtureGan.DCGAN_BETA1)
                        .iterations(2_000)
                        .collapseAt(collapse ? 1_000 : 0)
                        .every(100)
                        .trainingSamples(10_000)
                        .bins(8)
                        .evaluationSamples(1_000)
                        .build();
            case GRID:
                return builder(dataset)
                        .generator(128, 128)
                        .discriminator(128, 128)
                        .latent(2)
                        .batch(128)
                        .learningRates(2e-4, 2e-4)
                        .adamBeta1(MixtureGan.DCGAN_BETA1)
                        .iterations(3_000)
                        .collapseAt(collapse ? 1_500 : 0)
                        .every(150)
                        .trainingSamples(10_000)
                        .bins(25)
                        .evaluationSamples(2_500)
                        .build();
            default:
                throw new IllegalArgumentException("no recipe for " + dataset);
        }
    }

    /** A builder for {@code dataset}'s recipe; healthy unless {@link Builder#collapseAt} is set (>= 1). */
    public static Builder builder(DemoDataset dataset) {
        return new Builder(dataset);
    }

    /** Named setters for the 16 components; {@link #build()} runs the record's checks. */
    public static final class Builder {
        private final DemoDataset dataset;
        private int[] generatorHidden = {128, 128};
        private int[] discriminatorHidden = {128, 128};
        private int latentSize = 2;
        private int batchSize = 128;
        private double generatorLr = 2e-4;
        private double discriminatorLr = 2e-4;
        private double adamBeta1 = MixtureGan.DCGAN_BETA1;
        private int iterations = 2_000;
        private int collapseAt;
        private int every = 100;
        private int trainingSamples = 10_000;
        private int bins = 10;
        private int evaluationSamples = 2_000;
        private int imageSize;

        private Builder(DemoDataset dataset) {
            this.dataset = dataset;
        }

        public Builder generator(int... hiddenWidths) {
            this.generatorHidden = hiddenWidths == null ? null : hiddenWidths.clone();
            return this;
        }

        public Builder discriminator(int... hiddenWidths) {
            this.discriminatorHidden = hiddenWidths == null ? null : hiddenWidths.clone();
            return this;
        }

        public Builder latent(int size) {
            this.latentSize = size;
            return this;
        }

        public Builder batch(int size) {
            this.batchSize = size;
            return this;
        }

        public Builder learningRates(double generator, double discriminator) {
            this.generatorLr = generator;
            this.discriminatorLr = discriminator;
            return this;
        }

        public Builder adamBeta1(double beta1) {
            this.adamBeta1 = beta1;
            return this;
        }

        public Builder iterations(int count) {
            this.iterations = count;
            return this;
        }

        /** The iteration where a collapse recipe collapses; 0 (the default) for a healthy recipe. */
        public Builder collapseAt(int iteration) {
            this.collapseAt = iteration;
            return this;
        }

        public Builder every(int iterationsBetweenEvaluations) {
            this.every = iterationsBetweenEvaluations;
            return this;
        }

        public Builder trainingSamples(int count) {
            this.trainingSamples = count;
            return this;
        }

        public Builder bins(int k) {
            this.bins = k;
            return this;
        }

        public Builder evaluationSamples(int count) {
            this.evaluationSamples = count;
            return this;
        }

        /** Image height and width in pixels (scenes); 0 (the default) for 2-D points. */
        public Builder imageSize(int pixels) {
            this.imageSize = pixels;
            return this;
        }

        public DemoRecipe build() {
            return new DemoRecipe(
                    dataset,
                    collapseAt > 0,
                    generatorHidden,
                    discriminatorHidden,
                    latentSize,
                    batchSize,
                    generatorLr,
                    discriminatorLr,
                    adamBeta1,
                    iterations,
                    collapseAt,
                    every,
                    trainingSamples,
                    bins,
                    evaluationSamples,
                    imageSize);
        }
    }

    /** Values per sample: 3 x size x size for scenes, 2 for points. */
    public int dataWidth() {
        return imageSize == 0 ? 2 : 3 * imageSize * imageSize;
    }

    /** The GAN this recipe describes, with weights and noise from {@code seed}. */
    public MixtureGan newGan(long seed) {
        return new MixtureGan(
                dataWidth(),
                latentSize,
                generatorHidden,
                discriminatorHidden,
                generatorLr,
                discriminatorLr,
                adamBeta1,
                imageSize == 0
                        ? org.nd4j.linalg.activations.Activation.IDENTITY
                        : org.nd4j.linalg.activations.Activation.SIGMOID,
                batchSize,
                seed);
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
            at = (int) Math.max(
                    1, Math.min(iterations - 1, Math.round((double) collapseAt * iterations / this.iterations)));
        }
        return toBuilder().iterations(iterations).collapseAt(at).every(every).build();
    }

    /** A builder holding this recipe's values, to change some of them. */
    public Builder toBuilder() {
        return builder(dataset)
                .generator(generatorHidden)
                .discriminator(discriminatorHidden)
                .latent(latentSize)
                .batch(batchSize)
                .learningRates(generatorLr, discriminatorLr)
                .adamBeta1(adamBeta1)
                .iterations(iterations)
                .collapseAt(collapseAt)
                .every(every)
                .trainingSamples(trainingSamples)
                .bins(bins)
                .evaluationSamples(evaluationSamples)
                .imageSize(imageSize);
    }

    /** The generator's learning rate from {@link #collapseAt()} on (collapse recipes). */
    public double collapsedGeneratorLr() {
        return COLLAPSE_LR_RATIO * generatorLr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemoRecipe r
                && dataset == r.dataset
                && collapse == r.collapse
                && Arrays.equals(generatorHidden, r.generatorHidden)
                && Arrays.equals(discriminatorHidden, r.discriminatorHidden)
                && latentSize == r.latentSize
                && batchSize == r.batchSize
                && generatorLr == r.generatorLr
                && discriminatorLr == r.discriminatorLr
                && adamBeta1 == r.adamBeta1
                && iterations == r.iterations
                && collapseAt == r.collapseAt
                && every == r.every
                && trainingSamples == r.trainingSamples
                && bins == r.bins
                && evaluationSamples == r.evaluationSamples
                && imageSize == r.imageSize;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                dataset,
                collapse,
                Arrays.hashCode(generatorHidden),
                Arrays.hashCode(discriminatorHidden),
                latentSize,
                batchSize,
                generatorLr,
                discriminatorLr,
                adamBeta1,
                iterations,
                collapseAt,
                every,
                trainingSamples,
                bins,
                evaluationSamples,
                imageSize);
    }

    @Override
    public String toString() {
        return "DemoRecipe[" + dataset + (collapse ? " collapse" : " healthy") + ", G "
                + Arrays.toString(generatorHidden)
                + " lr " + generatorLr + ", D " + Arrays.toString(discriminatorHidden) + " lr " + discriminatorLr
                + ", Adam beta1 " + adamBeta1 + ", z " + latentSize + ", batch " + batchSize + ", " + iterations
                + " iterations"
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
