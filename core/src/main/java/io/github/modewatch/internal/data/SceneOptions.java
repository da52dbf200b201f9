package io.github.modewatch.internal.data;

import java.util.Set;
import java.util.TreeSet;

/**
 * How {@link Scenes} draws synthetic scenes. Immutable; every value is checked when the record is made.
 *
 * @param height            image height in pixels, 16..1024
 * @param width             image width in pixels, 16..1024
 * @param noiseStd          std of the Gaussian noise added to every channel of every pixel, in [0, 0.1]
 *                          (pixel values are then clipped to [0, 1])
 * @param carProbability    chance that a scene has a car, in [0, 1]
 * @param personProbability chance that a scene has a person (the rare class), in [0, 1]
 * @param suppressed        classes never drawn (see {@link #without(String...)}); only the object classes
 *                          building, tree, person and car can be suppressed
 */
public record SceneOptions(
        int height,
        int width,
        double noiseStd,
        double carProbability,
        double personProbability,
        Set<String> suppressed) {

    public static final int DEFAULT_SIZE = 32;
    public static final double DEFAULT_NOISE_STD = 0.03;
    public static final double DEFAULT_CAR_PROBABILITY = 0.35;
    public static final double DEFAULT_PERSON_PROBABILITY = 0.10;
    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 1024;

    public SceneOptions {
        requireSize(height, "height");
        requireSize(width, "width");
        if (!(noiseStd >= 0 && noiseStd <= 0.1)) {
            throw new IllegalArgumentException("noiseStd = " + noiseStd + ": must be in [0, 0.1] so that the class "
                    + "colours stay apart; the default is " + DEFAULT_NOISE_STD + ", 0 gives flat colours");
        }
        requireProbability(carProbability, "carProbability", DEFAULT_CAR_PROBABILITY);
        requireProbability(personProbability, "personProbability", DEFAULT_PERSON_PROBABILITY);
        if (suppressed == null) {
            throw new IllegalArgumentException("suppressed is null: pass an empty set to draw every class");
        }
        for (String name : suppressed) {
            if (!Scenes.OBJECT_CLASSES.contains(name)) {
                throw new IllegalArgumentException("cannot suppress class '" + name + "': only " + Scenes.OBJECT_CLASSES
                        + " can be suppressed (sky and ground are the background every pixel falls back to)");
            }
        }
        suppressed = Set.copyOf(new TreeSet<>(suppressed));
    }

    /** 32 x 32 scenes, noise std 0.03, a car in 35% and a person in 10% of scenes, nothing suppressed. */
    public static SceneOptions defaults() {
        return new SceneOptions(
                DEFAULT_SIZE,
                DEFAULT_SIZE,
                DEFAULT_NOISE_STD,
                DEFAULT_CAR_PROBABILITY,
                DEFAULT_PERSON_PROBABILITY,
                Set.of());
    }

    public SceneOptions withSize(int height, int width) {
        return new SceneOptions(height, width, noiseStd, carProbability, personProbability, suppressed);
    }

    public SceneOptions withNoiseStd(double noiseStd) {
        return new SceneOptions(height, width, noiseStd, carProbability, personProbability, suppressed);
    }

    public SceneOptions withCarProbability(double carProbability) {
        return new SceneOptions(height, width, noiseStd, carProbability, personProbability, suppressed);
    }

    public SceneOptions withPersonProbability(double personProbability) {
        return new SceneOptions(height, width, noiseStd, carProbability, personProbability, suppressed);
    }

    /**
     * The same scenes with the given classes never drawn: a stand-in for a generator that cannot produce them.
     * The random layout is drawn exactly as before, so for one seed the scenes differ only where a suppressed
     * object stood (there the background or an object behind it shows).
     */
    public SceneOptions without(String... classes) {
        Set<String> s = new TreeSet<>(suppressed);
        s.addAll(java.util.List.of(classes));
        return new SceneOptions(height, width, noiseStd, carProbability, personProbability, s);
    }

    /** Whether the class is drawn. */
    public boolean draws(String className) {
        return !suppressed.contains(className);
    }

    private static void requireSize(int size, String name) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException(name + " = " + size + ": must be in [" + MIN_SIZE + ", " + MAX_SIZE
                    + "] pixels (smaller scenes cannot hold a visible person); the default is " + DEFAULT_SIZE);
        }
    }

    private static void requireProbability(double p, String name, double fallback) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(
                    name + " = " + p + ": must be a probability in [0, 1]; the default is " + fallback);
        }
    }
}
