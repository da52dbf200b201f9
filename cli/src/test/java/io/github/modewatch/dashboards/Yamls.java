package io.github.modewatch.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.yaml.snakeyaml.Yaml;
import org.nd4j.shade.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the YAML files under {@code dashboards/} into maps and lists. The project has no YAML dependency of its
 * own; this uses the SnakeYAML that ND4J ships shaded (org.nd4j:jackson), with the safe constructor (plain maps,
 * lists, strings and numbers only). If that copy ever goes away, this is the one class to change.
 */
final class Yamls {
    private Yamls() {}

    static Map<String, Object> load(Path file) throws IOException {
        Object document = new Yaml(new SafeConstructor()).load(Files.readString(file));
        if (!(document instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(file + ": expected a YAML mapping at the top, found " + document);
        }
        return map(document, file.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + ": expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException(where + ": expected a list, found " + value);
        }
        return (List<Object>) value;
    }

    /** The mappings of a list of mappings, e.g. the rules of a rule group. */
    static List<Map<String, Object>> maps(Object value, String where) {
        return list(value, where).stream().map(item -> map(item, where)).toList();
    }
}
