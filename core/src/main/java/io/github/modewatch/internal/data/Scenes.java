package io.github.modewatch.internal.data;

import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic "scenes" for FSD (Bau et al., "Seeing What a GAN Cannot Generate", ICCV 2019) without a
 * segmentation network: small RGB images drawn procedurally, every class a flat colour plus slight Gaussian
 * noise, so that {@link PaletteSegmenter} recovers the label maps and FSD can be tested end to end.
 *
 * <p>Layout of one scene: sky above, ground below a random horizon (40-70% of the height down); 0-3 buildings
 * (rectangles) standing on the horizon; 0-3 trees (a trunk and a round crown) standing on the ground near the
 * horizon; a car on the ground in 35% of scenes; a person (a small upright figure, the rare class) in 10% of
 * scenes. Objects are drawn in that order, later ones in front; the top row is always sky and the person,
 * drawn last, is always fully visible.
 *
 * <p>Every scene draws from its own {@link SplittableRandom#split() split} of a generator seeded with the
 * given seed (never ND4J's global RNG): the same seed gives the same scenes, and the first m scenes of
 * {@code generate(n, seed)} are {@code generate(m, seed)}.
 */
public final class Scenes {
    /** Class names; a label value is an index into this list. */
    public static final List<String> CLASSES = List.of("sky", "ground", "building", "tree", "person", "car");

    public static final int SKY = 0;
    public static final int GROUND = 1;
    public static final int BUILDING = 2;
    public static final int TREE = 3;
    public static final int PERSON = 4;
    public static final int CAR = 5;
    /** Classes that {@link SceneOptions#without(String...)} may suppress. */
    public static final List<String> OBJECT_CLASSES = List.of("building", "tree", "person", "car");

    /** RGB in [0, 1] per class; pairwise L2 distances are all &gt;= 0.3, i.e. &gt; 5 noise std apart per axis. */
    private static final double[][] COLOURS = {
        {0.55, 0.78, 0.95}, // sky: light blue
        {0.55, 0.42, 0.22}, // ground: brown
        {0.52, 0.52, 0.56}, // building: grey
        {0.12, 0.50, 0.16}, // tree: green
        {0.95, 0.20, 0.55}, // person: pink-red
        {0.12, 0.16, 0.60}, // car: dark blue
    };

    private Scenes() {}

    /** n scenes of 32 x 32 pixels with the {@link SceneOptions#defaults() default} options. */
    public static SceneBatch generate(int n, long seed) {
        return generate(n, seed, SceneOptions.defaults());
    }

    /**
     * n scenes drawn with the given options.
     *
     * @param n    number of scenes, &gt;= 0
     * @param seed seed of the scenes' own generator
     */
    public static SceneBatch generate(int n, long seed, SceneOptions options) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + ": must be >= 0");
        }
        int h = options.height();
        int w = options.width();
        int plane = h * w;
        long total = 3L * plane * n;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " scenes of " + h + " x " + w + " do not fit one array: generate "
                    + "them in batches of at most " + (Integer.MAX_VALUE / (3L * plane)) + " scenes");
        }
        float[] pixels = new float[(int) total];
        int[][] labels = new int[n][];
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            SplittableRandom random = root.split();
            labels[i] = layout(h, w, options, random);
            paint(labels[i], options.noiseStd(), random, pixels, i * 3 * plane);
        }
        return new SceneBatch(Nd4j.create(pixels, new long[] {n, 3L * plane}, 'c'), labels, h, w);
    }

    /** The class colours, RGB in [0, 1], indexed like {@link #CLASSES} (a copy). */
    public static double[][] classColours() {
        double[][] copy = new double[COLOURS.length][];
        for (int i = 0; i < COLOURS.length; i++) {
            copy[i] = COLOURS[i].clone();
        }
        return copy;
    }

    /** Index of a class name in {@link #CLASSES}. */
    public static int classIndex(String name) {
        int index = CLASSES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown scene class '" + name + "': the classes are " + CLASSES);
        }
        return index;
    }

    /** A palette segmenter for these scenes' colours. */
    public static PaletteSegmenter segmenter(int height, int width) {
        return new PaletteSegmenter(CLASSES, COLOURS, height, width);
    }

    // ---- drawing ----

    /**
     * Draws the label map of one scene. Every random number is drawn whether or not its object is drawn, so
     * suppressing a class changes nothing else in the scene.
     */
    private static int[] layout(int h, int w, SceneOptions options, SplittableRandom random) {
        int[] map = new int[h * w];
        int horizon = (int) Math.round(h * uniform(random, 0.40, 0.70));
        java.util.Arrays.fill(map, 0, horizon * w, SKY);
        java.util.Arrays.fill(map, horizon * w, h * w, GROUND);
        int topMargin = Math.max(1, h / 16); // rows always left to the sky

        int buildings = random.nextInt(4);
        for (int b = 0; b < buildings; b++) {
            int bw = Math.max(2, (int) Math.round(w * uniform(random, 0.10, 0.22)));
            int bh = Math.max(2, (int) Math.round(h * uniform(random, 0.15, 0.45)));
            int x0 = random.nextInt(w - bw + 1);
            bh = Math.min(bh, horizon - topMargin);
            if (options.draws("building")) {
                fill(map, w, horizon - bh, horizon, x0, x0 + bw, BUILDING);
            }
        }

        int trees = random.nextInt(4);
        for (int t = 0; t < trees; t++) {
            int base = horizon + random.nextInt(Math.max(1, (int) Math.round(h * 0.12)));
            int trunkWidth = Math.max(1, w / 16);
            int trunkHeight = Math.max(1, (int) Math.round(h * uniform(random, 0.06, 0.12)));
            double radius = Math.max(1.5, h * uniform(random, 0.06, 0.11));
            double cx = radius + random.nextDouble() * (w - 2 * radius);
            double cy = Math.max(topMargin + radius, base - trunkHeight - 0.8 * radius);
            if (options.draws("tree")) {
                int tx0 = (int) Math.round(cx - trunkWidth / 2.0);
                fill(map, w, base - trunkHeight, base, tx0, tx0 + trunkWidth, TREE);
                disc(map, h, w, cy, cx, radius, TREE);
            }
        }

        boolean car = random.nextDouble() < options.carProbability();
        int carWidth = Math.max(4, (int) Math.round(w * uniform(random, 0.22, 0.32)));
        int bodyHeight = Math.max(2, (int) Math.round(h * uniform(random, 0.07, 0.10)));
        int cabinHeight = Math.max(1, (int) Math.round(bodyHeight * 0.7));
        int carBottom = Math.min(h, horizon + bodyHeight + 1 + random.nextInt(Math.max(1, h - horizon - bodyHeight)));
        int carX = random.nextInt(w - carWidth + 1);
        if (car && options.draws("car")) {
            fill(map, w, carBottom - bodyHeight, carBottom, carX, carX + carWidth, CAR);
            int cabinX = carX + (int) Math.round(carWidth * 0.2);
            int cabinWidth = Math.max(2, (int) Math.round(carWidth * 0.55));
            fill(
                    map,
                    w,
                    carBottom - bodyHeight - cabinHeight,
                    carBottom - bodyHeight,
                    cabinX,
                    cabinX + cabinWidth,
                    CAR);
        }

        boolean person = random.nextDouble() < options.personProbability();
        int personHeight = Math.max(6, (int) Math.round(h * uniform(random, 0.20, 0.28)));
        int personWidth = Math.max(3, (int) Math.round(personHeight * 0.45));
        int personBottom = Math.max(horizon + 1 + random.nextInt(h - horizon), personHeight + topMargin);
        personBottom = Math.min(personBottom, h);
        int personX = random.nextInt(w - personWidth + 1);
        if (person && options.draws("person")) {
            figure(map, w, personBottom - personHeight, personX, personHeight, personWidth);
        }
        return map;
    }

    /** A small upright figure: head, torso with arms (full width), two legs. */
    private static void figure(int[] map, int w, int top, int left, int height, int width) {
        int head = Math.max(2, (int) Math.round(height * 0.25));
        int torso = Math.max(2, (int) Math.round(height * 0.40));
        int headWidth = Math.max(2, (int) Math.round(width * 0.5));
        int headX = left + (width - headWidth) / 2;
        fill(map, w, top, top + head, headX, headX + headWidth, PERSON);
        fill(map, w, top + head, top + head + torso, left, left + width, PERSON);
        int leg = Math.max(1, width / 3);
        fill(map, w, top + head + torso, top + height, left, left + leg, PERSON);
        fill(map, w, top + head + torso, top + height, left + width - leg, left + width, PERSON);
    }

    private static void fill(int[] map, int w, int y0, int y1, int x0, int x1, int label) {
        int h = map.length / w;
        for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
            java.util.Arrays.fill(map, y * w + Math.max(0, x0), y * w + Math.min(w, x1), label);
        }
    }

    private static void disc(int[] map, int h, int w, double cy, double cx, double r, int label) {
        for (int y = Math.max(0, (int) Math.floor(cy - r)); y < Math.min(h, (int) Math.ceil(cy + r)); y++) {
            for (int x = Math.max(0, (int) Math.floor(cx - r)); x < Math.min(w, (int) Math.ceil(cx + r)); x++) {
                double dy = y + 0.5 - cy;
                double dx = x + 0.5 - cx;
                if (dy * dy + dx * dx <= r * r) {
                    map[y * w + x] = label;
                }
            }
        }
    }

    /** Writes one scene's pixels (class colour + noise, clipped to [0, 1]) channel-major at offset. */
    private static void paint(int[] map, double noiseStd, SplittableRandom random, float[] out, int offset) {
        int plane = map.length;
        for (int c = 0; c < 3; c++) {
            int base = offset + c * plane;
            for (int p = 0; p < plane; p++) {
                double v = COLOURS[map[p]][c];
                if (noiseStd > 0) {
                    v += noiseStd * GaussianMixtures.gaussian(random);
                    v = Math.min(1.0, Math.max(0.0, v));
                }
                out[base + p] = (float) v;
            }
        }
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }
}
