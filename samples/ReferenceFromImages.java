// Sample 3: compute reference statistics ONCE from a directory of images (NDB bins + FSD class statistics),
// save them, and monitor later training runs with the saved files, so a restart does not recompute them.
//
// Run:
//   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=ReferenceFromImages -Dexec.args="IMAGE_DIR OUT_DIR 500"
// IMAGE_DIR holds 32x32 PNG images (if it does not exist, 2,000 synthetic scenes are written there first);
// OUT_DIR receives ndb-reference.npz and fsd-reference.npz; the last argument is the training iterations.

import io.github.modewatch.ModeWatch;
import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.internal.gan.MixtureGan;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.segmentation.FsdReference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public final class ReferenceFromImages {
    static final int SIZE = 32;

    public static void main(String[] args) throws IOException {
        Path images = Path.of(args.length > 0 ? args[0] : "sample-images");
        Path out = Path.of(args.length > 1 ? args[1] : "sample-reference");
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Nd4j.getEnvironment().setMaxThreads(1);
        if (!Files.isDirectory(images)) {
            writeSyntheticScenes(images, 2_000);
        }
        Files.createDirectories(out);
        PaletteSegmenter segmenter = Scenes.segmenter(SIZE, SIZE);   // your own Segmenter for real photos

        // 1. Once: read the images, fit and save both references.
        INDArray real = readImages(images);
        System.out.printf("read %d images from %s%n", real.rows(), images);
        NdbReference.fit(real, 50).save(out.resolve("ndb-reference.npz"));
        FsdReference.of(segmenter, real).save(out.resolve("fsd-reference.npz"));

        // 2. Every training run: load them (no K-means, no segmentation of real images).
        NdbReference bins = NdbReference.load(out.resolve("ndb-reference.npz"));
        FsdReference classes = FsdReference.load(out.resolve("fsd-reference.npz"), segmenter.classes());
        MixtureGan gan = new MixtureGan(3 * SIZE * SIZE, 32, 256, 2e-4, 2e-4, Activation.SIGMOID, 64, 1);
        try (ModeWatchListener monitor = ModeWatch.listener().every(100).samples(1_000)
                .generator(GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize()))
                .ndb(bins).fsd(segmenter, classes).run("scenes-from-files")
                .onEvaluation(e -> System.out.printf("iteration %d: NDB/K %.2f, FSD %.1f%n", e.iteration(),
                        e.ndb().ndbFraction(), e.fsd().distance()))
                .build()) {
            gan.addListeners(monitor);
            java.util.SplittableRandom random = new java.util.SplittableRandom(5);
            for (int i = 0; i < iterations; i++) {
                int[] rows = random.ints(gan.batchSize(), 0, (int) real.rows()).toArray();
                gan.step(real.getRows(rows));
            }
        }
    }

    /** Reads every .png in {@code dir} as one row: RGB in [0, 1], channel-major (c*H*W + y*W + x). */
    static INDArray readImages(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no .png images; expected " + SIZE + "x" + SIZE + " PNG files");
        }
        float[] data = new float[files.size() * 3 * SIZE * SIZE];
        for (int n = 0; n < files.size(); n++) {
            BufferedImage img = ImageIO.read(files.get(n).toFile());
            if (img == null || img.getWidth() != SIZE || img.getHeight() != SIZE) {
                throw new IllegalArgumentException(files.get(n) + ": expected a " + SIZE + "x" + SIZE + " PNG image");
            }
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int rgb = img.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        data[n * 3 * SIZE * SIZE + c * SIZE * SIZE + y * SIZE + x] = ((rgb >> (16 - 8 * c)) & 0xff) / 255f;
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {files.size(), 3L * SIZE * SIZE});
    }

    static void writeSyntheticScenes(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        float[] pixels = Scenes.generate(n, 9).images().data().asFloat();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        float v = pixels[i * 3 * SIZE * SIZE + c * SIZE * SIZE + y * SIZE + x];
                        rgb |= Math.round(Math.max(0, Math.min(1, v)) * 255) << (16 - 8 * c);
                    }
                    img.setRGB(x, y, rgb);
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format("scene-%05d.png", i)).toFile());
        }
    }
}
