package io.github.modewatch.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Samples the first {@code layers} layers of a MultiLayerNetwork (all of them for a separate generator).
 * Keeps one private clone of the network for inference; each snapshot holds {@code dup}s of the prefix's
 * per-layer parameters, which are copied into the clone once, before its first batch.
 */
final class NetworkSampler implements GeneratorSampler {
    private final MultiLayerNetwork live;
    private final int layers;
    private final int latentSize;
    private MultiLayerNetwork copy; // evaluator thread only
    private INDArray[] loaded; // the snapshot whose parameters the copy holds

    NetworkSampler(MultiLayerNetwork network, int layers, int latentSize) {
        this.live = Samplers.requireNonNull(network, "network");
        this.latentSize = Samplers.requireLatent(latentSize);
        if (network.getLayers() == null) {
            throw new IllegalArgumentException(
                    "the network is not initialised: call init() before building the listener");
        }
        int n = network.getnLayers();
        if (layers < 1 || layers > n) {
            throw new IllegalArgumentException("generatorLayers = " + layers + ": must be between 1 and the network's "
                    + n + " layers; pass how many of the first layers form the generator");
        }
        this.layers = layers;
    }

    @Override
    public int latentSize() {
        return latentSize;
    }

    @Override
    public Snapshot snapshot() {
        INDArray[] params = new INDArray[layers];
        for (int i = 0; i < layers; i++) {
            INDArray p = live.getLayer(i).params();
            params[i] = p == null ? null : p.dup();
        }
        return z -> generate(params, z);
    }

    private synchronized INDArray generate(INDArray[] params, INDArray z) {
        if (copy == null) {
            copy = live.clone();
        }
        if (loaded != params) { // once per snapshot, not once per batch
            for (int i = 0; i < layers; i++) {
                if (params[i] != null && params[i].length() > 0) {
                    copy.getLayer(i).setParams(params[i]);
                }
            }
            loaded = params;
        }
        if (layers == copy.getnLayers()) {
            return copy.output(z, false);
        }
        return copy.feedForwardToLayer(layers - 1, z, false).get(layers).detach();
    }
}
