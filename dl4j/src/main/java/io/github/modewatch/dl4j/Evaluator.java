package io.github.modewatch.dl4j;

import io.github.modewatch.metrics.features.FeatureExtractor;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.ClassAreaAccumulator;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.metrics.segmentation.Segmenter;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * One evaluation: draws {@code samples} generator outputs in batches from a parameter snapshot, with latent
 * vectors from its own seeded RNG (the same z every evaluation, so successive evaluations differ only by the
 * generator), then computes NDB, FSD and/or the feature metrics. Pure with respect to training: it never touches ND4J's global RNG
 * or the live model.
 */
final class Evaluator {
    private final int samples;
    private final int batchSize;
    private final long seed;
    private final int latentSize;
    private final NdbReference ndb;
    private final double alpha;
    private final Segmenter segmenter;
    private final FsdReference fsd;
    private final double fsdNoiseFloor;
    private final FeatureExtractor extractor;
    private final FeatureReference features;
    private volatile double featureNoiseFloor = Double.NaN;
    private volatile boolean featureNoiseFloorDone;

    Evaluator(
            int samples,
            int batchSize,
            long seed,
            int latentSize,
            NdbReference ndb,
            double alpha,
            Segmenter segmenter,
            FsdReference fsd,
            FeatureExtractor extractor,
            FeatureReference features) {
        this.samples = samples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.latentSize = latentSize;
        this.ndb = ndb;
        this.alpha = alpha;
        this.segmenter = segmenter;
        this.fsd = fsd;
        this.fsdNoiseFloor = fsd == null ? Double.NaN : fsd.noiseFloor(samples, seed);
        this.extractor = extractor;
        this.features = features;
    }

    /**
     * The feature reference's noise floor at this sample size, computed on the first evaluation (on the evaluator
     * thread, not in {@code build()}: with d = 2,048 it is two covariance matrices and a matrix square root).
     */
    private double featureNoiseFloor() {
        if (!featureNoiseFloorDone) {
            featureNoiseFloor = features.noiseFloor(samples, seed);
            featureNoiseFloorDone = true;
        }
        return featureNoiseFloor;
    }

    /** Result of generating: the finite samples (flattened rows) and how many values were not finite. */
    record Generated(INDArray rows, INDArray raw, long nonFiniteValues, long droppedRows) {}

    Evaluation evaluate(GeneratorSampler.Snapshot snapshot, long iteration, java.util.function.LongConsumer nonFinite) {
        long start = System.nanoTime();
        Generated g = generate(snapshot);
        if (g.nonFiniteValues() > 0) {
            nonFinite.accept(g.nonFiniteValues());
        }
        if (g.rows() == null) {
            throw new EvaluationFailure(
                    FailureKind.NONFINITE,
                    "all " + samples + " generated samples hold NaN or infinite values " + "at iteration " + iteration
                            + ": the generator has diverged",
                    null);
        }
        NdbResult ndbResult = null;
        if (ndb != null) {
            if (g.rows().columns() != ndb.dimension()) {
                throw new EvaluationFailure(
                        FailureKind.NDB,
                        "generator output has " + g.rows().columns() + " values per sample but the "
                                + "NDB reference has " + ndb.dimension()
                                + ": fit the reference on real samples shaped like the "
                                + "generator's output (flattened)",
                        null);
            }
            try {
                ndbResult = ndb.evaluate(g.rows(), alpha);
            } catch (RuntimeException e) {
                throw new EvaluationFailure(FailureKind.NDB, "NDB failed: " + e.getMessage(), e);
            }
        }
        FsdResult fsdResult = null;
        if (fsd != null) {
            try {
                ClassAreaAccumulator acc = new ClassAreaAccumulator(segmenter.classes());
                long n = g.raw().size(0);
                for (long s = 0; s < n; s += batchSize) {
                    INDArray batch =
                            g.raw().get(FsdReference.batchIndex(g.raw().rank(), s, Math.min(n, s + batchSize)));
                    for (int[] labels : segmenter.segment(batch)) {
                        acc.add(labels);
                    }
                }
                fsdResult = fsd.stats().compare(acc.stats());
            } catch (RuntimeException e) {
                throw new EvaluationFailure(FailureKind.FSD, "FSD failed: " + e.getMessage(), e);
            }
        }
        FeatureResult featureResult = null;
        if (features != null) {
            try {
                INDArray f = FeatureReference.extractInBatches(extractor, g.raw(), batchSize);
                if (f.columns() != features.dimension()) {
                    throw new EvaluationFailure(
                            FailureKind.FEATURES,
                            "feature extractor '" + extractor.name() + "' gave " + f.columns() + " features per "
                                    + "generated image but the reference has " + features.dimension()
                                    + ": build the reference with the same extractor",
                            null);
                }
                featureResult = features.compare(extractor.name(), f, featureNoiseFloor());
            } catch (EvaluationFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw new EvaluationFailure(FailureKind.FEATURES, "feature metrics failed: " + e.getMessage(), e);
            }
        }
        return new Evaluation(
                iteration,
                Instant.now(),
                Duration.ofNanos(System.nanoTime() - start),
                ndbResult,
                fsdResult,
                fsdNoiseFloor,
                featureResult);
    }

    /** Generates all samples in batches; rows with non-finite values are dropped (and counted). */
    Generated generate(GeneratorSampler.Snapshot snapshot) {
        List<INDArray> batches = new ArrayList<>();
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed)) {
            for (int done = 0; done < samples; done += batchSize) {
                int b = Math.min(batchSize, samples - done);
                INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, b, latentSize), rng);
                INDArray out;
                try {
                    out = snapshot.generate(z);
                } catch (RuntimeException e) {
                    throw new EvaluationFailure(
                            FailureKind.SAMPLING,
                            "the generator failed on a batch of " + b + " latent vectors of size " + latentSize + ": "
                                    + e.getMessage(),
                            e);
                }
                if (out == null || out.size(0) != b) {
                    throw new EvaluationFailure(
                            FailureKind.SAMPLING,
                            "the generator returned " + (out == null ? "null" : java.util.Arrays.toString(out.shape()))
                                    + " for " + b + " latent vectors; expected one sample per row of z",
                            null);
                }
                batches.add(out.detach());
            }
        } catch (EvaluationFailure e) {
            throw e;
        } catch (Exception e) {
            throw new EvaluationFailure(FailureKind.SAMPLING, "sampling failed: " + e.getMessage(), e);
        }
        INDArray raw = batches.size() == 1 ? batches.get(0) : Nd4j.concat(0, batches.toArray(new INDArray[0]));
        INDArray rows = raw.reshape('c', raw.size(0), raw.length() / raw.size(0));
        // A finite sum means every value is finite (NaN and infinities propagate through a sum): one fast reduction
        // (about 1 ms for 2,000 x 784 here) instead of a conditional count (about 10 ms). Only a non-finite sum, from
        // a non-finite value or from finite values too large to add, pays for the exact count.
        long bad = Double.isFinite(rows.sumNumber().doubleValue())
                ? 0
                : Nd4j.getExecutioner()
                        .exec(new MatchCondition(rows, Conditions.notFinite()))
                        .getLong(0);
        if (bad == 0) {
            return new Generated(rows, raw, 0, 0);
        }
        List<Long> keep = new ArrayList<>();
        for (long r = 0; r < rows.rows(); r++) {
            if (Nd4j.getExecutioner()
                            .exec(new MatchCondition(rows.getRow(r), Conditions.notFinite()))
                            .getLong(0)
                    == 0) {
                keep.add(r);
            }
        }
        if (keep.size() < 2) {
            return new Generated(null, null, bad, rows.rows());
        }
        INDArray keptRows = rows.getRows(keep.stream().mapToInt(Long::intValue).toArray());
        long[] shape = raw.shape().clone();
        shape[0] = keep.size();
        return new Generated(keptRows, keptRows.reshape('c', shape), bad, rows.rows() - keep.size());
    }
}
