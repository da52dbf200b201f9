package io.github.modewatch.internal.export;

import io.github.modewatch.export.PortInUseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Serves a {@link PrometheusMeterRegistry} as {@code GET /metrics} over HTTP for a Prometheus server to scrape,
 * with the Prometheus Java client's {@link HTTPServer}. Binds {@value #DEFAULT_HOST} unless told otherwise, so
 * the metrics are not exposed beyond the machine by accident.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * ModeWatchMetrics.of(state, "run-1").bindTo(registry);
 * try (PrometheusEndpoint endpoint = PrometheusEndpoint.serve(registry, 9464)) {
 *     model.fit(data, epochs);                       // scrape http://127.0.0.1:9464/metrics meanwhile
 * }
 * // all interfaces (e.g. in a container scraped from outside), any free port:
 * PrometheusEndpoint.serve(registry, "0.0.0.0", 0).port();
 * }</pre>
 *
 * <p>A port already in use raises a {@link PortInUseException} naming the address and the fix; other I/O
 * errors raise an {@link UncheckedIOException}. The server's threads are daemons; {@link #close()} stops it.
 * Internal: users serve through {@code ModeWatch.listener().serve(port)}.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    /** The address served unless another is given: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The path Prometheus scrapes. */
    public static final String PATH = "/metrics";

    private final HTTPServer server;
    private final String host;
    private final int port;

    private PrometheusEndpoint(HTTPServer server, String host) {
        this.server = server;
        this.host = host;
        this.port = server.getPort();
    }

    /**
     * Serves {@code registry} on {@value #DEFAULT_HOST}:{@code port}.
     *
     * @param port 1..65535, or 0 for a free port (read it back with {@link #port()})
     * @throws PortInUseException when the port is taken
     */
    public static PrometheusEndpoint serve(PrometheusMeterRegistry registry, int port) {
        return serve(registry, DEFAULT_HOST, port);
    }

    /**
     * Serves {@code registry} on {@code host:port}.
     *
     * @param host a local address or host name to bind, e.g. {@code "127.0.0.1"}, or {@code "0.0.0.0"} for
     *             every interface
     * @param port 1..65535, or 0 for a free port (read it back with {@link #port()})
     * @throws PortInUseException when the port is taken
     */
    public static PrometheusEndpoint serve(PrometheusMeterRegistry registry, String host, int port) {
        Objects.requireNonNull(registry, "registry");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host = " + (host == null ? "null" : "\"" + host + "\"")
                    + ": must not be blank; pass \"" + DEFAULT_HOST + "\" for this machine only");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "port = " + port + ": must be in 0..65535; pass e.g. 9464, or 0 for a free port");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(
                    "cannot serve " + PATH + " on " + host + ":" + port + ": unknown host " + host
                            + ". Fix: pass an address of this machine, e.g. " + DEFAULT_HOST
                            + " or 0.0.0.0 (every interface)",
                    e);
        }
        try {
            HTTPServer server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry.getPrometheusRegistry())
                    .buildAndStart();
            return new PrometheusEndpoint(server, host);
        } catch (BindException e) {
            if (!isLocal(address)) { // "Cannot assign requested address": not a port problem
                throw new UncheckedIOException(
                        "cannot serve " + PATH + " on " + host + ":" + port + ": " + host
                                + " is not an address of this machine (" + e.getMessage()
                                + "). Fix: pass one of its addresses, "
                                + "e.g. " + DEFAULT_HOST + " or 0.0.0.0 (every interface)",
                        e);
            }
            throw new PortInUseException(PATH, host, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve " + PATH + " on " + host + ":" + port + ": " + e.getMessage() + ". Fix: check that "
                            + host + " is an address of this machine",
                    e);
        }
    }

    /** Whether a server on this machine can bind {@code address}: the wildcard, loopback, or an interface's. */
    private static boolean isLocal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: report the bind failure as the port's, as before
        }
    }

    /** The port actually bound (the chosen one when 0 was asked for). */
    public int port() {
        return port;
    }

    /** The address bound. */
    public String host() {
        return host;
    }

    /** Where to scrape, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public URI uri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port + PATH);
    }

    /** Stops serving and frees the port. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "PrometheusEndpoint[" + uri() + "]";
    }
}
