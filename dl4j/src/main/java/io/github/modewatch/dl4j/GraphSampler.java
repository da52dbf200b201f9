package io.github.modewatch.dl4j;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Samples a ComputationGraph's vertex (a GAN's generator output, or a separate generator's output). */
final class GraphSampler implements GeneratorSampler {
    private final ComputationGraph live;
    private final String vertex;
    private final int latentSize;
    private ComputationGraph copy; // evaluator thread only
    private INDArray loaded; // the snapshot whose parameters the copy holds

    GraphSampler(ComputationGraph graph, String vertex, int latentSize) {
        this.live = Samplers.requireNonNull(graph, "graph");
        this.latentSize = Samplers.requireLatent(latentSize);
        if (vertex == null || !graph.getConfiguration().getVertices().containsKey(vertex)) {
            throw new IllegalArgumentException("generatorOutput = " + vertex + ": no such vertex; expected one of "
                    + graph.getConfiguration().getVertices().keySet());
        }
        if (graph.getConfiguration().getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException(
                    "the graph has inputs " + graph.getConfiguration().getNetworkInputs()
                            + ": a generator graph must have exactly one input, z; use GeneratorSampler.function(...) otherwise");
        }
        this.vertex = vertex;
    }

    @Override
    public int latentSize() {
        return latentSize;
    }

    @Override
    public Snapshot snapshot() {
        INDArray params = live.params().dup();
        return z -> generate(params, z);
    }

    private synchronized INDArray generate(INDArray params, INDArray z) {
        if (copy == null) {
            copy = live.clone();
        }
        if (loaded != params) { // once per snapshot, not once per batch
            copy.setParams(params);
            loaded = params;
        }
        // A full inference pass: the graph's own layer-index bookkeeping differs from vertex indices.
        return copy.feedForward(new INDArray[] {z}, false).get(vertex).detach();
    }
}
