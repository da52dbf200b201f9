package io.github.modewatch.demo;

import io.github.modewatch.io.Idx;
import io.github.modewatch.io.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, 2017, arXiv:1708.07747): 60,000 training and 10,000 test images,
 * 28 x 28 grey, 10 balanced clothing classes, read from IDX files ({@link Idx}: one row of 784 pixels / 255 per
 * image, float32). Debian ships it as {@code dataset-fashion-mnist} in {@link #DEBIAN_DIR}.
 */
record FashionData(INDArray trainImages, int[] trainLabels, INDArray testImages, int[] testLabels) {
    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;
    /** The class names of the data set's README, in label order. */
    static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Reads the four files from {@code dir} (gzipped or not). */
    static FashionData read(Path dir) {
        INDArray train = Idx.readImages(file(dir, "train-images-idx3-ubyte"));
        int[] trainLabels = Idx.readLabels(file(dir, "train-labels-idx1-ubyte"));
        INDArray test = Idx.readImages(file(dir, "t10k-images-idx3-ubyte"));
        int[] testLabels = Idx.readLabels(file(dir, "t10k-labels-idx1-ubyte"));
        check(train, trainLabels, dir, "train");
        check(test, testLabels, dir, "t10k");
        return new FashionData(train, trainLabels, test, testLabels);
    }

    /** The file {@code name} or {@code name.gz} in {@code dir}; a missing one names the apt-get command. */
    static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isReadable(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        if (Files.isReadable(plain)) {
            return plain;
        }
        throw new InvalidInputException("--data " + dir + ": no " + name + "[.gz]: Fashion-MNIST is not there; install"
                + " it with 'sudo apt-get install dataset-fashion-mnist' (puts it in " + DEBIAN_DIR + ") or pass --data"
                + " DIR holding the four IDX files");
    }

    private static void check(INDArray images, int[] labels, Path dir, String split) {
        if (images.columns() != PIXELS) {
            throw new InvalidInputException("--data " + dir + ": " + split + " images have " + images.columns()
                    + " pixels; expected 28x28 = 784 (Fashion-MNIST)");
        }
        if (labels.length != images.rows()) {
            throw new InvalidInputException("--data " + dir + ": " + labels.length + " " + split + " labels for "
                    + images.rows() + " images; expected one label per image");
        }
        for (int l : labels) {
            if (l >= CLASSES.size()) {
                throw new InvalidInputException("--data " + dir + ": " + split + " label " + l
                        + "; expected 0..9 (Fashion-MNIST's 10 classes)");
            }
        }
    }
}
