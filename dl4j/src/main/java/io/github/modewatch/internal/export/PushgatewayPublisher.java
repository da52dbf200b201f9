package io.github.modewatch.internal.export;

import io.github.modewatch.export.MetricNames;
import io.github.modewatch.export.ModeWatchMetrics;
import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.monitor.FailureKind;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a {@link PrometheusMeterRegistry} to a Prometheus Pushgateway, for training jobs a Prometheus server
 * cannot scrape (batch jobs, Spark executors, short runs). Each {@link #push()} replaces the group
 * {@code job/<job>/run/<run>[/model/<model>]} on the gateway (HTTP PUT, Prometheus text format) with the
 * registry's current metrics, through the Prometheus Java client's {@link PushGateway}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * ModeWatchMetrics.builder(state, "run-1").model("dcgan").build().bindTo(registry);   // bind first
 * try (PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
 *         .address("127.0.0.1:9091").run("run-1").model("dcgan").build()
 *         .pushAfterEachEvaluation()) {
 *     model.fit(data, epochs);
 * }   // close() pushes once more, so the gateway keeps the final values
 * }</pre>
 *
 * <p>A push never throws: a failure (gateway down, timeout, HTTP error) is counted in the state as failure
 * kind {@code push} ({@link FailureKind#PUSH}) ({@code modewatch_evaluation_failures_total{kind="push"}}) and logged with the
 * address and the fix, at WARN the first time and at DEBUG after that. Pushes are serialized; each waits at most
 * the connect and read timeouts (default {@value #DEFAULT_TIMEOUT_SECONDS} s each), on the calling thread.
 * Internal: users push through {@code ModeWatch.listener().pushgateway(address)}.
 */
public final class PushgatewayPublisher implements AutoCloseable {
    /** Default {@code job} label. */
    public static final String DEFAULT_JOB = "modewatch";
    /** Default gateway address (the Pushgateway's default port on this machine). */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:9091";
    /** Default connect and read timeouts, seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayPublisher.class);

    private final PushGateway gateway;
    private final MonitorState state;
    private final String url;
    private final String job;
    private final Map<String, String> groupingKey;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    private PushgatewayPublisher(Builder b) {
        this.state = b.state;
        this.job = b.job;
        Map<String, String> key = new LinkedHashMap<>();
        key.put(MetricNames.TAG_RUN, b.run);
        if (!b.model.isEmpty()) {
            key.put(MetricNames.TAG_MODEL, b.model);
        }
        this.groupingKey = Map.copyOf(key);
        this.url = (b.https ? "https" : "http") + "://" + b.address;
        PushGateway.Builder pg = PushGateway.builder()
                .registry(b.registry.getPrometheusRegistry())
                .address(b.address)
                .scheme(b.https ? Scheme.HTTPS : Scheme.HTTP)
                .job(b.job)
                .format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(b.timeout)
                .readTimeout(b.timeout);
        key.forEach(pg::groupingKey);
        this.gateway = pg.build();
    }

    /**
     * Starts a publisher of {@code registry}; push failures are counted in {@code state}.
     *
     * @param registry the registry {@link ModeWatchMetrics} is bound to
     * @param state    the state of the run (failures of kind {@code push} ({@link FailureKind#PUSH}) are recorded there)
     */
    public static Builder builder(PrometheusMeterRegistry registry, MonitorState state) {
        return new Builder(registry, state);
    }

    /**
     * Pushes the registry's metrics now, replacing this run's group on the gateway.
     *
     * @return true when the gateway accepted them; false when the push failed (counted and logged) or this
     *         publisher is closed
     */
    public synchronized boolean push() {
        if (closed) {
            return false;
        }
        return pushNow();
    }

    private boolean pushNow() {
        try {
            gateway.push();
            pushes.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            state.recordFailure(FailureKind.PUSH);
            String fix = unreachable(e)
                    ? "start a Pushgateway there (e.g. prometheus-pushgateway --web.listen-address="
                            + url.replaceFirst("^https?://", "") + ") or pass its host:port to "
                            + "PushgatewayPublisher.Builder.address(...)"
                    : "the gateway answered but refused the push: read its reply above and its log (a metric pushed "
                            + "to this group by another program with another type or help text is a common cause)";
            String message = "ModeWatch: could not push metrics to the Pushgateway at {} (job {}, {}): {}. Training "
                    + "continues; failures count in modewatch_evaluation_failures_total{kind=\"push\"}. Fix: {}. "
                    + "Later push failures are logged at DEBUG.";
            Object[] args = {url, job, groupingKey, e.getMessage(), fix};
            if (warned.compareAndSet(false, true)) {
                LOG.warn(message, args);
            } else {
                LOG.debug(message, args);
            }
            return false;
        }
    }

    /** True when the gateway could not be reached at all (as opposed to answering with an error). */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Pushes after each evaluation the state records (on the thread that records it, usually the listener's
     * evaluator thread). Bind {@link ModeWatchMetrics} to the registry before calling this, so that its rows are
     * updated before each push. Subscribes at most once; the subscription ends (pushes become no-ops) at
     * {@link #close()}.
     *
     * @return this
     */
    public PushgatewayPublisher pushAfterEachEvaluation() {
        if (subscribed.compareAndSet(false, true)) {
            state.onEvaluation(e -> push());
        }
        return this;
    }

    /** Successful pushes so far. */
    public long pushes() {
        return pushes.get();
    }

    /** Failed pushes so far (also counted in the state as kind {@code push} ({@link FailureKind#PUSH})). */
    public long failures() {
        return failures.get();
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:9091}. */
    public String url() {
        return url;
    }

    public String job() {
        return job;
    }

    /** Grouping key labels besides {@code job}: {@code run}, and {@code model} when set. */
    public Map<String, String> groupingKey() {
        return groupingKey;
    }

    /** Pushes once more (the final values), then stops pushing. Never throws; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        pushNow();
        closed = true;
    }

    @Override
    public String toString() {
        return "PushgatewayPublisher[" + url + ", job=" + job + ", " + groupingKey + "]";
    }

    /** Configures a {@link PushgatewayPublisher}; every value is checked when set. */
    public static final class Builder {
        private final PrometheusMeterRegistry registry;
        private final MonitorState state;
        private String address = DEFAULT_ADDRESS;
        private boolean https;
        private String job = DEFAULT_JOB;
        private String run;
        private String model = "";
        private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

        private Builder(PrometheusMeterRegistry registry, MonitorState state) {
            if (registry == null) {
                throw new IllegalArgumentException(
                        "registry = null: pass the PrometheusMeterRegistry ModeWatchMetrics is bound to");
            }
            if (state == null) {
                throw new IllegalArgumentException("state = null: pass the MonitorState of the run");
            }
            this.registry = registry;
            this.state = state;
        }

        /**
         * The gateway, {@code host:port} (default {@value #DEFAULT_ADDRESS}); a leading {@code http://} or
         * {@code https://} is accepted and picks the scheme.
         */
        public Builder address(String address) {
            String a = address == null ? "" : address.strip();
            boolean secure = false;
            if (a.startsWith("https://")) {
                secure = true;
                a = a.substring("https://".length());
            } else if (a.startsWith("http://")) {
                a = a.substring("http://".length());
            }
            while (a.endsWith("/")) {
                a = a.substring(0, a.length() - 1);
            }
            if (a.isEmpty() || a.contains("/") || a.contains("://")) {
                throw new IllegalArgumentException("address = " + quote(address)
                        + ": must be host:port of a Pushgateway, without a path; e.g. \"" + DEFAULT_ADDRESS + "\"");
            }
            this.address = a;
            this.https = secure;
            return this;
        }

        /** The {@code job} label (default {@value #DEFAULT_JOB}). */
        public Builder job(String job) {
            this.job = requireText("job", job, "e.g. \"" + DEFAULT_JOB + "\"");
            return this;
        }

        /** The {@code run} grouping key; required, use the run name given to {@link ModeWatchMetrics}. */
        public Builder run(String run) {
            this.run = requireText("run", run, "use the run name given to ModeWatchMetrics");
            return this;
        }

        /** The {@code model} grouping key (default {@code ""}: none); not null. */
        public Builder model(String model) {
            if (model == null) {
                throw new IllegalArgumentException("model = null: pass a model name, or \"\" for none");
            }
            this.model = model;
            return this;
        }

        /** Connect and read timeout of each push (default {@value #DEFAULT_TIMEOUT_SECONDS} s); positive. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "timeout = " + timeout + ": must be positive (and under 24 days); e.g. Duration.ofSeconds("
                                + DEFAULT_TIMEOUT_SECONDS + ")");
            }
            this.timeout = timeout;
            return this;
        }

        public PushgatewayPublisher build() {
            if (run == null) {
                throw new IllegalStateException(
                        "run is not set: call run(name) with the run name given to ModeWatchMetrics");
            }
            return new PushgatewayPublisher(this);
        }

        private static String requireText(String field, String value, String fix) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " = " + quote(value) + ": must not be blank; " + fix);
            }
            return value;
        }

        private static String quote(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }
    }
}
