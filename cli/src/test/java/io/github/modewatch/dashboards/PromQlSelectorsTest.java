package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.dashboards.PromQlSelectors.LabelMatcher;
import io.github.modewatch.dashboards.PromQlSelectors.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlSelectorsTest {

    private static List<String> names(String expr) {
        return PromQlSelectors.selectors(expr).stream().map(Selector::name).toList();
    }

    @Test
    void selectorInsideAggregationAndRangeKeepsItsMatchers() {
        List<Selector> selectors = PromQlSelectors.selectors(
                "sum by (run, kind) (increase(modewatch_evaluation_failures_total{run=~\"$run\", kind!=\"push\"}[$window]))");
        assertThat(selectors)
                .containsExactly(new Selector(
                        "modewatch_evaluation_failures_total",
                        List.of(new LabelMatcher("run", "=~", "$run"), new LabelMatcher("kind", "!=", "push"))));
    }

    @Test
    void labelListsOfGroupingModifiersAreNotMetrics() {
        assertThat(names("rate(a[5m]) * on(run, model) group_left(class) b / ignoring(source) c"))
                .containsExactly("a", "b", "c");
        assertThat(names("x * on(run) group_left y")).containsExactly("x", "y");
        assertThat(names("SUM WITHOUT (instance) (x)")).containsExactly("x");
        assertThat(names("sum(x) by (job)")).containsExactly("x");
    }

    @Test
    void keywordsNumbersAndDurationsAreNotMetrics() {
        assertThat(names("a > 0.25 and b offset 15m unless c >= 1e-6 or d == bool 3 and inf > nan"))
                .containsExactly("a", "b", "c", "d");
        assertThat(names("min_over_time(modewatch_fsd[6h:1m])")).containsExactly("modewatch_fsd");
    }

    @Test
    void stringsMayHoldBracesCommasAndQuotes() {
        List<Selector> selectors =
                PromQlSelectors.selectors("label_replace(m{a=\"}\\\"{,\"}, \"dst\", \"$1\", \"src\", \"(.*)\")");
        assertThat(selectors).containsExactly(new Selector("m", List.of(new LabelMatcher("a", "=", "}\"{,"))));
    }

    @Test
    void nameCanComeFromTheNameMatcher() {
        Selector s = PromQlSelectors.selectors("{__name__=\"modewatch_fsd\", run=\"r\"}")
                .get(0);
        assertThat(s.name()).isEmpty();
        assertThat(s.metricName()).contains("modewatch_fsd");
        assertThat(PromQlSelectors.selectors("{__name__=~\"modewatch_.*\"}")
                        .get(0)
                        .metricName())
                .isEmpty();
    }

    @Test
    void grafanaVariablesAreSkipped() {
        assertThat(names("rate(x{run=~\"${run:regex}\"}[$__rate_interval]) > $threshold"))
                .containsExactly("x");
    }

    @Test
    void unclosedSelectorIsReported() {
        assertThatThrownBy(() -> PromQlSelectors.selectors("x{run=\"a\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
    }
}
