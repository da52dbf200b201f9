package io.github.modewatch.monitor;

import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One evaluation of the generator: what the exporters publish and the report plots. Immutable.
 *
 * @param iteration  training iteration whose parameters were evaluated
 * @param finishedAt when the evaluation finished
 * @param duration   wall time of sampling + metrics
 * @param ndb        NDB result, or null when NDB is not configured
 * @param fsd        FSD result, or null when FSD is not configured
 * @param fsdNoiseFloor FSD between two disjoint halves of the reference images at the generated sample size
 *                   (the self-noise a healthy generator cannot beat), or NaN when unknown
 * @param features   Fréchet distance, KID and precision/recall/density/coverage on the generated images' features,
 *                   or null when no feature extractor is configured
 */
public record Evaluation(
        long iteration,
        Instant finishedAt,
        Duration duration,
        NdbResult ndb,
        FsdResult fsd,
        double fsdNoiseFloor,
        FeatureResult features) {

    public Evaluation {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration = " + iteration + ": must be >= 0");
        }
        if (finishedAt == null || duration == null) {
            throw new IllegalArgumentException("finishedAt and duration must not be null");
        }
    }

    /** An evaluation without feature metrics. */
    public Evaluation(
            long iteration, Instant finishedAt, Duration duration, NdbResult ndb, FsdResult fsd, double fsdNoiseFloor) {
        this(iteration, finishedAt, duration, ndb, fsd, fsdNoiseFloor, null);
    }

    public Optional<NdbResult> ndbResult() {
        return Optional.ofNullable(ndb);
    }

    public Optional<FsdResult> fsdResult() {
        return Optional.ofNullable(fsd);
    }

    public Optional<FeatureResult> featureResult() {
        return Optional.ofNullable(features);
    }
}
