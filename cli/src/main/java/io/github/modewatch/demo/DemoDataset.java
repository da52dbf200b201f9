package io.github.modewatch.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The data sets the demo trains on, all with known modes and all drawn procedurally (nothing to download).
 */
public enum DemoDataset {
    /**
     * Synthetic 16 x 16 RGB scenes with label maps ({@link io.github.modewatch.internal.data.Scenes}); a rare class
     * (person, in ~10% of scenes). NDB on the pixels and FSD with per-class area statistics.
     */
    SCENES("scenes", "synthetic 16x16 RGB scenes (sky, ground, buildings, trees, cars, rare people)"),
    /** PacGAN's ring-8: 8 Gaussians on the unit circle, std 0.01. NDB only. */
    RING("ring", "ring-8 (8 Gaussians on the unit circle, std 0.01)"),
    /** PacGAN's grid-25: 25 Gaussians on {-4,-2,0,2,4}^2, std 0.05. NDB only. */
    GRID("grid", "grid-25 (25 Gaussians on a 5 x 5 grid, std 0.05)");

    private final String cliName;
    private final String description;

    DemoDataset(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name used on the command line and in the run tag ({@code scenes}, {@code ring}, {@code grid}). */
    public String cliName() {
        return cliName;
    }

    /** One line saying what the data is. */
    public String description() {
        return description;
    }

    /** Whether FSD (segmentation statistics) applies: images with a segmenter. */
    public boolean hasFsd() {
        return this == SCENES;
    }

    /**
     * The data set with this command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static DemoDataset fromName(String name) {
        for (DemoDataset d : values()) {
            if (d.cliName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return d;
            }
        }
        throw new IllegalArgumentException("dataset '" + name + "': expected one of " + names());
    }

    /** The valid names, e.g. {@code scenes, ring, grid}. */
    public static String names() {
        return Arrays.stream(values()).map(DemoDataset::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
