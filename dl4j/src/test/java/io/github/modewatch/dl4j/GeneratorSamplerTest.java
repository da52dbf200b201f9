package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.internal.gan.MixtureGan;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GeneratorSamplerTest {
    private static INDArray z(int n, int latent) {
        return Nd4j.randn(
                Nd4j.createUninitialized(DataType.FLOAT, n, latent),
                Nd4j.getRandomFactory().getNewRandomInstance(1));
    }

    @Test
    void ganPrefixSamplerMatchesTheLiveGeneratorAtSnapshotTimeAndIgnoresLaterTraining() {
        MixtureGan gan = TinyGans.ring(1);
        GeneratorSampler sampler = GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize());
        INDArray z = z(20, gan.latentSize());
        INDArray expected = gan.generate(z).dup();
        GeneratorSampler.Snapshot snapshot = sampler.snapshot();
        TinyGans.train(gan, 20, 1); // the live network moves on
        assertThat(gan.generate(z)).isNotEqualTo(expected);
        assertThat(snapshot.generate(z)).isEqualTo(expected);
        assertThat(sampler.snapshot().generate(z)).isEqualTo(gan.generate(z));
    }

    @Test
    void separateGeneratorNetworkSamplerUsesTheWholeNetwork() {
        MixtureGan gan = TinyGans.ring(2);
        MultiLayerNetwork discriminator = gan.discriminator(); // any MLN: here 2 -> 1
        INDArray x = z(5, 2);
        assertThat(GeneratorSampler.of(discriminator, 2).snapshot().generate(x)).isEqualTo(discriminator.output(x));
    }

    @Test
    void graphGanSamplerReturnsTheNamedVertexActivations() {
        ComputationGraph graph = TinyGans.graphGan(3);
        INDArray z = z(7, 4);
        INDArray expected = graph.feedForward(z, false).get("gout");
        INDArray sampled =
                GeneratorSampler.vertexOf(graph, "gout", 4).snapshot().generate(z);
        assertThat(sampled.shape()).containsExactly(7, 2);
        assertThat(sampled).isEqualTo(expected);
        assertThat(GeneratorSampler.of(graph, 4).snapshot().generate(z)).isEqualTo(graph.outputSingle(z));
    }

    @Test
    void unknownVertexNamesTheVerticesThatExist() {
        ComputationGraph graph = TinyGans.graphGan(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeneratorSampler.vertexOf(graph, "gen", 4))
                .hasMessageContaining("gen")
                .hasMessageContaining("gout");
    }
}
