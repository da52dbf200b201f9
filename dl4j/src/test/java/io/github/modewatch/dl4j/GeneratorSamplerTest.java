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
    void parametersAreLoadedOncePerSnapshotYetInterleavedSnapshotsEachKeepTheirOwn() {
        MixtureGan gan = TinyGans.ring(4);
        GeneratorSampler sampler = GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize());
        INDArray z1 = z(6, gan.latentSize());
        INDArray z2 = z(9, gan.latentSize()).mul(2);
        INDArray before1 = gan.generate(z1).dup();
        INDArray before2 = gan.generate(z2).dup();
        GeneratorSampler.Snapshot old = sampler.snapshot();
        assertThat(old.generate(z1)).isEqualTo(before1); // first batch loads the parameters
        TinyGans.train(gan, 20, 4);
        GeneratorSampler.Snapshot current = sampler.snapshot();
        assertThat(current.generate(z1)).isEqualTo(gan.generate(z1));
        assertThat(old.generate(z2)).isEqualTo(before2); // back to the older snapshot: its own parameters again
        assertThat(current.generate(z2)).isEqualTo(gan.generate(z2));
        assertThat(current.generate(z1)).isEqualTo(gan.generate(z1)); // later batches of one snapshot
    }

    @Test
    void graphSamplerKeepsEachSnapshotsParametersAcrossBatches() {
        ComputationGraph graph = TinyGans.graphGan(5);
        GeneratorSampler sampler = GeneratorSampler.vertexOf(graph, "gout", 4);
        INDArray z = z(7, 4);
        INDArray before = graph.feedForward(z, false).get("gout").dup();
        GeneratorSampler.Snapshot old = sampler.snapshot();
        assertThat(old.generate(z)).isEqualTo(before);
        graph.setParams(graph.params().mul(1.5));
        INDArray after = graph.feedForward(z, false).get("gout").dup();
        assertThat(after).isNotEqualTo(before);
        GeneratorSampler.Snapshot current = sampler.snapshot();
        assertThat(current.generate(z)).isEqualTo(after);
        assertThat(old.generate(z)).isEqualTo(before);
        assertThat(current.generate(z)).isEqualTo(after);
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
