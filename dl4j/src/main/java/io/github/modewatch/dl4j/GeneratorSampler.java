package io.github.modewatch.dl4j;

import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws generator outputs for latent vectors z, for one model shape. Pick one factory at build time:
 * <ul>
 *   <li>{@link #of(MultiLayerNetwork, int)} / {@link #of(ComputationGraph, int)}: a separate generator network;</li>
 *   <li>{@link #firstLayersOf(MultiLayerNetwork, int, int)}: the common DL4J GAN pattern, a combined
 *       generator+discriminator network whose first L layers are the generator;</li>
 *   <li>{@link #vertexOf(ComputationGraph, String, int)}: a ComputationGraph GAN, the generator's output vertex by name;</li>
 *   <li>{@link #function(UnaryOperator, int)}: any {@code z -> samples} function.</li>
 * </ul>
 *
 * <p>Two-phase use, so that training never waits: {@link #snapshot()} runs on the training thread inside
 * {@code iterationDone} and only copies the parameters it needs ({@code dup}); {@link Snapshot#generate}
 * runs later on the evaluator thread, on the sampler's own copy of the network, never touching the model being
 * trained. A sampler serves one evaluator thread at a time.
 */
public interface GeneratorSampler {

    /** Size of the latent vector z (columns of the input). */
    int latentSize();

    /** Copies what sampling needs from the live model; called on the training thread, must be cheap. */
    Snapshot snapshot();

    /** Parameters captured at one iteration. */
    interface Snapshot {
        /**
         * Generator outputs for a batch of latent vectors (inference mode); called on the evaluator thread.
         *
         * @param z batch x latentSize
         * @return batch x ... (2-D features, or NCHW images)
         */
        INDArray generate(INDArray z);
    }

    /** A separate generator network (its input is z, its output the samples). */
    static GeneratorSampler of(MultiLayerNetwork generator, int latentSize) {
        return new NetworkSampler(generator, generator.getnLayers(), latentSize);
    }

    /** A separate generator graph with one input (z) and its first output as the samples. */
    static GeneratorSampler of(ComputationGraph generator, int latentSize) {
        String output = generator.getConfiguration().getNetworkOutputs().get(0);
        return new GraphSampler(generator, output, latentSize);
    }

    /**
     * The first {@code generatorLayers} layers of a combined GAN network (generator followed by the frozen
     * discriminator). The sampler keeps its own copy and refreshes the prefix's parameters at each evaluation.
     */
    static GeneratorSampler firstLayersOf(MultiLayerNetwork gan, int generatorLayers, int latentSize) {
        return new NetworkSampler(gan, generatorLayers, latentSize);
    }

    /** A ComputationGraph GAN: samples are the activations of the vertex named {@code generatorOutput}. */
    static GeneratorSampler vertexOf(ComputationGraph gan, String generatorOutput, int latentSize) {
        return new GraphSampler(gan, generatorOutput, latentSize);
    }

    /**
     * Any {@code z -> samples} function. It is called on the evaluator thread while training continues, so it
     * must not use the network being trained without its own synchronisation (prefer the network factories).
     */
    static GeneratorSampler function(UnaryOperator<INDArray> generator, int latentSize) {
        return new FunctionSampler(generator, latentSize);
    }
}
