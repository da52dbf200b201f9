package io.github.modewatch.cli;

import io.github.modewatch.io.Idx;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.Npy;
import io.github.modewatch.io.SampleFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image files given to the ONNX commands: {@code .npy} N x C x H x W (or rows), IDX images (N x 1 x H x W, pixels /
 * 255), {@code .csv} rows.
 */
final class ImageFiles {
    private ImageFiles() {}

    /**
     * @return {@code [n, C, H, W]} images or {@code [n, C*H*W]} rows (channel-major), any numeric type
     */
    static INDArray read(Path file, String flag) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return SampleFiles.readSamples(file, flag);
        }
        if (Idx.isIdxName(file) && !name.endsWith(".npy")) {
            try {
                return Idx.readImagesNchw(file);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(flag + " " + e.getMessage(), e);
            }
        }
        if (!name.endsWith(".npy")) {
            throw new InvalidInputException(flag + " " + file + ": unknown file type; expected images as .npy "
                    + "(N x C x H x W, numpy.save), IDX images (*-idx3-ubyte[.gz], read as N x 1 x H x W in [0, 1]) "
                    + "or rows as .npy/.csv (N x C*H*W, channel-major)");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(flag + " " + file + ": file not found");
        }
        INDArray images;
        try {
            images = Npy.read(file);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(flag + " " + e.getMessage(), e);
        }
        if ((images.rank() != 4 && images.rank() != 2) || images.size(0) < 1) {
            throw new InvalidInputException(flag + " " + file + ": expected images N x C x H x W (NCHW) or rows "
                    + "N x C*H*W, got shape " + Arrays.toString(images.shape()));
        }
        return images;
    }
}
