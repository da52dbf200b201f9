package io.github.modewatch.dashboards;

import io.github.modewatch.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code modewatch demo} on a daemon thread, for the live dashboard checks: it trains, then holds /metrics open for
 * its {@code --hold} seconds while a real Prometheus scrapes it; {@link #close()} interrupts it.
 */
final class BackgroundDemo implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private final int port;

    private BackgroundDemo(int port, String... args) {
        this.port = port;
        this.thread = new Thread(() -> Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)), "demo");
        thread.setDaemon(true); // the JVM need not wait for --hold
    }

    /** Starts {@code modewatch args...}; {@code args} must contain {@code --port port}. */
    static BackgroundDemo start(int port, String... args) {
        BackgroundDemo demo = new BackgroundDemo(port, args);
        demo.thread.start();
        return demo;
    }

    /** The demo's /metrics as Prometheus text, now. */
    String scrape() throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** What the demo printed so far. */
    String out() {
        return out.toString();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
