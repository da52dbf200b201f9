package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot run in CI, so this checks that the YAML files of the stack parse and agree with each other:
 * what docker-compose.yml mounts exists, and every address points at a service that compose starts.
 */
class StackConfigTest {
    private static Map<String, Object> services;
    private static Map<String, Object> prometheus;

    @BeforeAll
    static void readCompose() throws IOException {
        services = Yamls.map(Yamls.load(DashboardFiles.compose()).get("services"), "services");
        prometheus = Yamls.load(DashboardFiles.prometheusConfig());
    }

    private static Map<String, Object> service(String name) {
        return Yamls.map(services.get(name), "service " + name);
    }

    /** container path -> host path of a service's bind mounts (named volumes left out). */
    private static Map<String, String> bindMounts(String serviceName) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : Yamls.list(service(serviceName).get("volumes"), serviceName + " volumes")) {
            String[] parts = ((String) volume).split(":");
            if (parts[0].startsWith(".")) {
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    private static List<String> targets(Map<String, Object> staticConfigHolder, String where) {
        Map<String, Object> first =
                Yamls.maps(staticConfigHolder.get("static_configs"), where).get(0);
        return Yamls.list(first.get("targets"), where + " targets").stream()
                .map(String.class::cast)
                .toList();
    }

    private static Map<String, Object> scrapeJob(String name) {
        return scrapeJob(prometheus, name);
    }

    private static Map<String, Object> scrapeJob(Map<String, Object> config, String name) {
        return Yamls.maps(config.get("scrape_configs"), "scrape_configs").stream()
                .filter(job -> name.equals(job.get("job_name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("prometheus.yml has no scrape job " + name));
    }

    @Test
    void composeStartsTheFourServicesFromPinnedImages() {
        assertThat(services).containsOnlyKeys("prometheus", "pushgateway", "alertmanager", "grafana");
        for (String name : services.keySet()) {
            String image = (String) service(name).get("image");
            assertThat(image).as(name + " image").matches("[\\w./-]+:v?\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void everyBindMountedHostPathExists() {
        Set<String> missing = new TreeSet<>();
        for (String name : services.keySet()) {
            if (service(name).get("volumes") == null) {
                continue;
            }
            bindMounts(name).values().forEach(host -> {
                if (!Files.exists(DashboardFiles.root().resolve(host).normalize())) {
                    missing.add(name + ": " + host);
                }
            });
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void publishedPortsListenOnLoopbackOnly() {
        for (String name : services.keySet()) {
            for (Object port : Yamls.list(service(name).get("ports"), name + " ports")) {
                assertThat((String) port).as(name + " port").startsWith("127.0.0.1:");
            }
        }
    }

    @Test
    void prometheusGetsItsConfigAndRuleFilesFromTheMount() {
        Map<String, String> mounts = bindMounts("prometheus");
        String hostDir = mounts.get("/etc/prometheus");
        assertThat(hostDir).as("prometheus mounts a folder at /etc/prometheus").isNotNull();
        assertThat(DashboardFiles.root()
                        .resolve(hostDir)
                        .resolve("prometheus.yml")
                        .normalize())
                .isEqualTo(DashboardFiles.prometheusConfig().normalize());
        assertThat(Yamls.list(service("prometheus").get("command"), "prometheus command"))
                .contains("--config.file=/etc/prometheus/prometheus.yml");
        List<Object> ruleFiles = Yamls.list(prometheus.get("rule_files"), "rule_files");
        assertThat(ruleFiles).isNotEmpty();
        for (Object file : ruleFiles) {
            assertThat(Path.of((String) file))
                    .as("rule file path resolves inside the mounted folder")
                    .isRelative();
            assertThat(DashboardFiles.prometheusConfig().resolveSibling((String) file))
                    .isRegularFile();
        }
    }

    @Test
    void prometheusScrapesTheListenerAndThePushgatewayAndAlertsTheAlertmanager() {
        assertThat(targets(scrapeJob("modewatch"), "modewatch job")).containsExactly("host.docker.internal:9464");
        assertThat(Yamls.list(service("prometheus").get("extra_hosts"), "prometheus extra_hosts"))
                .contains("host.docker.internal:host-gateway");
        Map<String, Object> pushgateway = scrapeJob("pushgateway");
        assertThat(pushgateway.get("honor_labels")).isEqualTo(true);
        assertThat(targets(pushgateway, "pushgateway job")).containsExactly("pushgateway:9091");
        Map<String, Object> alerting = Yamls.map(prometheus.get("alerting"), "alerting");
        Map<String, Object> alertmanagers =
                Yamls.maps(alerting.get("alertmanagers"), "alertmanagers").get(0);
        assertThat(targets(alertmanagers, "alertmanagers")).containsExactly("alertmanager:9093");
    }

    /** Every value under a "targets" key of a Prometheus config, in document order. */
    private static List<String> allTargets(Object node) {
        List<String> found = new java.util.ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("targets".equals(k)) {
                    Yamls.list(v, "targets").forEach(t -> found.add((String) t));
                } else {
                    found.addAll(allTargets(v));
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> found.addAll(allTargets(item)));
        }
        return found;
    }

    /** A deep copy of a config tree with every target's host replaced by 127.0.0.1 (ports kept). */
    private static Object withLoopbackTargets(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(
                    (String) k,
                    "targets".equals(k)
                            ? Yamls.list(v, "targets").stream()
                                    .map(t -> "127.0.0.1:" + port((String) t))
                                    .toList()
                            : withLoopbackTargets(v)));
            return copy;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(StackConfigTest::withLoopbackTargets).toList();
        }
        return node;
    }

    private static String port(String target) {
        return target.substring(target.lastIndexOf(':') + 1);
    }

    @Test
    void localConfigIsTheComposeConfigWithEveryAddressOnLoopback() throws IOException {
        Map<String, Object> local = Yamls.load(DashboardFiles.prometheusLocalConfig());

        assertThat(allTargets(local))
                .as("a Prometheus outside docker cannot resolve compose's service names")
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).matches("127\\.0\\.0\\.1:\\d+"));
        assertThat(allTargets(prometheus))
                .as("the compose config uses compose's names, not loopback")
                .noneMatch(t -> t.startsWith("127.") || t.startsWith("localhost"));
        assertThat(local)
                .as("prometheus-local.yml differs from prometheus.yml only in its targets' hosts")
                .isEqualTo(withLoopbackTargets(prometheus));
    }

    @Test
    void localConfigScrapesTheDemosDefaultAddressAndComposesPublishedPorts() throws IOException {
        Map<String, Object> local = Yamls.load(DashboardFiles.prometheusLocalConfig());

        assertThat(targets(scrapeJob(local, "modewatch"), "modewatch job"))
                .containsExactly(io.github.modewatch.demo.DemoOptions.DEFAULT_HOST + ":"
                        + io.github.modewatch.demo.DemoOptions.DEFAULT_PORT);
        // a local Prometheus can still use compose's Pushgateway and Alertmanager: they publish these ports
        String pushgateway =
                targets(scrapeJob(local, "pushgateway"), "pushgateway job").get(0);
        Map<String, Object> alertmanagers = Yamls.maps(
                        Yamls.map(local.get("alerting"), "alerting").get("alertmanagers"), "alertmanagers")
                .get(0);
        String alertmanager = targets(alertmanagers, "alertmanagers").get(0);
        assertThat(Yamls.list(service("pushgateway").get("ports"), "pushgateway ports"))
                .anySatisfy(p -> assertThat((String) p).startsWith(pushgateway + ":"));
        assertThat(Yamls.list(service("alertmanager").get("ports"), "alertmanager ports"))
                .anySatisfy(p -> assertThat((String) p).startsWith(alertmanager + ":"));
    }

    @Test
    void grafanaDatasourceIsThePrometheusServiceAtTheScrapeInterval() throws IOException {
        Map<String, String> mounts = bindMounts("grafana");
        Path provisioning = DashboardFiles.root().resolve(mounts.get("/etc/grafana/provisioning"));
        Map<String, Object> ds = Yamls.maps(
                        Yamls.load(provisioning.resolve("datasources/prometheus.yml"))
                                .get("datasources"),
                        "datasources")
                .get(0);
        assertThat(ds.get("type")).isEqualTo("prometheus");
        assertThat(ds.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(ds.get("isDefault")).isEqualTo(true);
        Map<String, Object> global = Yamls.map(prometheus.get("global"), "global");
        assertThat(Yamls.map(ds.get("jsonData"), "jsonData").get("timeInterval"))
                .as("Grafana's minimum step must equal Prometheus' scrape_interval")
                .isEqualTo(global.get("scrape_interval"));
    }

    @Test
    void grafanaLoadsTheDashboardFromTheFolderComposeMountsItInto() throws IOException {
        Map<String, String> mounts = bindMounts("grafana");
        Path provisioning = DashboardFiles.root().resolve(mounts.get("/etc/grafana/provisioning"));
        Map<String, Object> provider = Yamls.maps(
                        Yamls.load(provisioning.resolve("dashboards/modewatch.yml"))
                                .get("providers"),
                        "providers")
                .get(0);
        assertThat(provider.get("type")).isEqualTo("file");
        String folder = (String) Yamls.map(provider.get("options"), "options").get("path");
        String mountedDashboard = mounts.entrySet().stream()
                .filter(e -> DashboardFiles.root()
                        .resolve(e.getValue())
                        .normalize()
                        .equals(DashboardFiles.dashboardJson().normalize()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("compose does not mount grafana/modewatch.json into grafana"));
        assertThat(Path.of(mountedDashboard).getParent()).isEqualTo(Path.of(folder));
    }

    @Test
    void alertmanagerRoutesToAReceiverItDefines() throws IOException {
        Map<String, String> mounts = bindMounts("alertmanager");
        Path config =
                DashboardFiles.root().resolve(mounts.get("/etc/alertmanager")).resolve("alertmanager.yml");
        Map<String, Object> alertmanager = Yamls.load(config);
        String receiver = (String) Yamls.map(alertmanager.get("route"), "route").get("receiver");
        assertThat(Yamls.maps(alertmanager.get("receivers"), "receivers"))
                .extracting(r -> r.get("name"))
                .contains(receiver);
        assertThat(Yamls.list(service("alertmanager").get("command"), "alertmanager command"))
                .contains("--config.file=/etc/alertmanager/alertmanager.yml");
    }
}
