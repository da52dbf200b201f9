package io.github.modewatch.dl4j;

final class Samplers {
    private Samplers() {}

    static int requireLatent(int latentSize) {
        if (latentSize < 1) {
            throw new IllegalArgumentException(
                    "latentSize = " + latentSize + ": must be >= 1; pass the generator's input width (the size of z)");
        }
        return latentSize;
    }

    static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null: pass the network or function that generates samples");
        }
        return value;
    }
}
