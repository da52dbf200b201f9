package io.github.modewatch.testing;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real Prometheus Pushgateway (Debian's prometheus-pushgateway) on 127.0.0.1, persistence off. */
public final class PushgatewayProcess extends ServerProcess {
    private final Path binary;

    private PushgatewayProcess(Path binary) {
        super("pushgateway");
        this.binary = binary;
    }

    /** Starts the gateway and waits until it is ready (30 s at most). */
    public static PushgatewayProcess start(Path binary) throws IOException, InterruptedException {
        PushgatewayProcess gateway = new PushgatewayProcess(binary);
        gateway.start(Duration.ofSeconds(30));
        return gateway;
    }

    @Override
    protected List<String> command(Path dir, int port) {
        return List.of(
                binary.toString(), "--web.listen-address=127.0.0.1:" + port, "--persistence.file=", "--log.level=info");
    }

    /** The gateway's own {@code /metrics}: everything pushed to it, with job and grouping labels. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
