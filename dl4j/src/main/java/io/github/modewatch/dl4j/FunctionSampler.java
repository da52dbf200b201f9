package io.github.modewatch.dl4j;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Samples a user function {@code z -> samples}; snapshots capture nothing. */
final class FunctionSampler implements GeneratorSampler {
    private final UnaryOperator<INDArray> function;
    private final int latentSize;

    FunctionSampler(UnaryOperator<INDArray> function, int latentSize) {
        this.function = Samplers.requireNonNull(function, "generator function");
        this.latentSize = Samplers.requireLatent(latentSize);
    }

    @Override
    public int latentSize() {
        return latentSize;
    }

    @Override
    public Snapshot snapshot() {
        return function::apply;
    }
}
