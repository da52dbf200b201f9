package io.github.modewatch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An external server for integration tests (Prometheus, Pushgateway): started on 127.0.0.1 on a free port with
 * a temp working dir and log, ready when {@code /-/ready} answers 200; {@link #close()} kills it and removes
 * the dir.
 */
public abstract class ServerProcess implements AutoCloseable {
    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String name;
    private Process process;
    private Path dir;
    private int port;

    protected ServerProcess(String name) {
        this.name = name;
    }

    /** The command line for a server on {@code port} with working dir {@code dir} (files may be written there). */
    protected abstract List<String> command(Path dir, int port) throws IOException;

    /** Starts the server and waits (bounded) for readiness; retries twice if another process took the port. */
    protected void start(Duration readyTimeout) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            dir = Files.createTempDirectory("modewatch-" + name);
            port = ExternalTools.freeLoopbackPort();
            process = new ProcessBuilder(command(dir, port))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log().toFile())
                    .start();
            try {
                awaitReady(readyTimeout);
                return;
            } catch (IOException e) {
                last = e;
                close();
            }
        }
        throw last;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        name + " exited with " + process.exitValue() + " before it was ready; log:\n" + logText());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(uri("/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " on port " + port + " not ready within " + timeout + "; log:\n" + logText());
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Path log() {
        return dir.resolve(name + ".log");
    }

    /** What the server printed, for failure messages. */
    public String logText() {
        try {
            return Files.readString(log());
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }
}
