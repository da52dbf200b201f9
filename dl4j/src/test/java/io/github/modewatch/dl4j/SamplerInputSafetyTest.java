package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.internal.gan.MixtureGan;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Samplers neither write into the latent batch they are given (a view of a larger z included) nor hand out
 * arrays that a later call overwrites: an evaluation keeps what it generated while the next one runs.
 */
class SamplerInputSafetyTest {

    private static List<GeneratorSampler> samplers() {
        MixtureGan gan = TinyGans.ring(3);
        return List.of(
                GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize()),
                GeneratorSampler.vertexOf(TinyGans.graphGan(4), "gout", 4),
                GeneratorSampler.function(z -> z.mmul(Nd4j.ones(z.dataType(), 4, 2)), 4));
    }

    @Test
    void generateLeavesTheLatentBatchAndEarlierOutputsUntouched() {
        for (GeneratorSampler sampler : samplers()) {
            INDArray big = Nd4j.getRandomFactory()
                    .getNewRandomInstance(9)
                    .nextGaussian(new long[] {40, 6})
                    .castTo(DataType.FLOAT);
            INDArray z = big.get(NDArrayIndex.interval(4, 36), NDArrayIndex.interval(1, 5)); // 32 x 4 view
            double[] bigBefore = big.dup('c').data().asDouble();
            GeneratorSampler.Snapshot snapshot = sampler.snapshot();

            INDArray first = snapshot.generate(z);
            double[] firstBefore = first.dup('c').data().asDouble();
            INDArray second = snapshot.generate(z.mul(2));

            assertThat(Arrays.equals(bigBefore, big.dup('c').data().asDouble()))
                    .as("%s wrote into z", sampler)
                    .isTrue();
            assertThat(first.shape()).containsExactly(32, 2);
            assertThat(Arrays.equals(firstBefore, first.dup('c').data().asDouble()))
                    .as("%s: the second batch overwrote the first one's output", sampler)
                    .isTrue();
            assertThat(Arrays.equals(firstBefore, second.dup('c').data().asDouble()))
                    .as("%s: different z gave identical samples", sampler)
                    .isFalse();
        }
    }
}
