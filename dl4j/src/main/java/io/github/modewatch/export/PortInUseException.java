package io.github.modewatch.export;

import java.io.UncheckedIOException;
import java.net.BindException;

/**
 * The port asked for with {@code ModeWatch.listener().serve(port)} is already bound by another process (or
 * another endpoint of this one). Thrown by {@code build()}, which then leaves nothing bound or started; the
 * message names the address and the fix.
 */
public final class PortInUseException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final int port;

    /**
     * @param path  the path that was to be served, e.g. {@code /metrics}
     * @param host  the address asked for
     * @param port  the port that was taken
     * @param cause the bind failure
     */
    public PortInUseException(String path, String host, int port, BindException cause) {
        super(
                "cannot serve " + path + " on " + host + ":" + port + ": port " + port + " is already in use ("
                        + cause.getMessage()
                        + "), probably by another training run or exporter. Fix: pass another port, "
                        + "or 0 for a free one (ModeWatchListener.metricsUri() tells which), or stop the process holding port "
                        + port + " (e.g. find it with: ss -ltnp 'sport = :" + port + "')",
                cause);
        this.port = port;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }
}
