// Sample 2: a batch training job (or a node of a cluster) that cannot be scraped: push ModeWatch metrics to a
// Prometheus Pushgateway after each evaluation and once at the end. A gateway that is down is counted
// (modewatch_evaluation_failures_total{kind="push"}) and training goes on.
//
// Run (with a gateway on 127.0.0.1:9091, e.g. Debian's prometheus-pushgateway):
//   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=PushgatewayBatchJob -Dexec.args="2000 127.0.0.1:9091"

import io.github.modewatch.ModeWatch;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.gan.MixtureGan;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.monitor.FailureKind;
import java.util.SplittableRandom;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

public final class PushgatewayBatchJob {
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String gateway = args.length > 1 ? args[1] : "127.0.0.1:9091";
        Nd4j.getEnvironment().setMaxThreads(1);

        // A GAN in the combined generator + frozen discriminator pattern (see GanWithListener for the plain DL4J code).
        MixtureGan gan = new MixtureGan(2, 8, 128, 2e-4, 2e-4, Activation.IDENTITY, 128, 1);
        NdbReference bins = NdbReference.fit(GaussianMixtures.grid25(20_000, 42), 25);

        ModeWatchListener monitor = ModeWatch.listener()
                .every(200).samples(2_000)
                .generator(GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize()))
                .ndb(bins)
                .run("grid25-batch").model("mlp-gan")
                .pushgateway(gateway)                      // grouping: job="modewatch", run, model
                .build();
        gan.addListeners(monitor);
        SplittableRandom batches = new SplittableRandom(3);
        try {
            for (int i = 0; i < iterations; i++) {
                gan.step(GaussianMixtures.grid25(128, batches.nextLong()));
            }
        } finally {
            monitor.close();                               // final evaluation + last push
        }
        System.out.printf("pushed to %s; push failures: %d%n", gateway, monitor.state().failures(FailureKind.PUSH));
    }
}
