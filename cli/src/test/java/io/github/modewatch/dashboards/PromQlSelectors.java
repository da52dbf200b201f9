package io.github.modewatch.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the vector selectors (metric name plus label matchers) in a PromQL expression, so tests can check which
 * series a query reads and how it filters them. A small lexer, not a PromQL parser: it skips strings, numbers,
 * durations, ranges and Grafana variables, treats an identifier followed by '(' as a function or aggregation,
 * and skips the label lists after by, without, on, ignoring, group_left and group_right. Whether the expression
 * is valid PromQL is promtool's job (PromtoolIT).
 */
final class PromQlSelectors {
    private PromQlSelectors() {}

    /** One label matcher, e.g. {@code run=~"$run"}; the value has its escapes resolved. */
    record LabelMatcher(String label, String op, String value) {
        @Override
        public String toString() {
            return label + op + '"' + value + '"';
        }
    }

    /** A vector selector; {@code name} is empty for a selector like {@code {__name__=~"..."}}. */
    record Selector(String name, List<LabelMatcher> matchers) {
        Selector {
            matchers = List.copyOf(matchers);
        }

        boolean has(String label, String op, String value) {
            return matchers.contains(new LabelMatcher(label, op, value));
        }

        /** The metric name, from the selector or from an {@code __name__="..."} matcher. */
        Optional<String> metricName() {
            if (!name.isEmpty()) {
                return Optional.of(name);
            }
            return matchers.stream()
                    .filter(m -> m.label().equals("__name__") && m.op().equals("="))
                    .map(LabelMatcher::value)
                    .findFirst();
        }
    }

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "start", "end");

    static List<Selector> selectors(String expr) {
        return new Lexer(expr).run();
    }

    private static final class Lexer {
        private final String s;
        private final List<Selector> out = new ArrayList<>();
        private int i;
        /** Identifier seen last, not yet known to be a metric name or a function. */
        private String pending;
        /** The previous word was by/on/...: a '(' now opens a label list. */
        private boolean labelListNext;

        Lexer(String s) {
            this.s = s;
        }

        List<Selector> run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (c == '(') {
                    // an identifier before '(' is a function or aggregation, not a metric
                    pending = null;
                    if (labelListNext) {
                        skipPast(')');
                    } else {
                        i++;
                    }
                    labelListNext = false;
                    continue;
                }
                labelListNext = false;
                if (c == '{') {
                    String name = pending == null ? "" : pending;
                    pending = null;
                    i++;
                    out.add(new Selector(name, readMatchers()));
                } else if (isIdentStart(c)) {
                    String word = readIdent();
                    String lower = word.toLowerCase(Locale.ROOT);
                    if (lower.equals("by") || lower.equals("without")) {
                        pending = null; // "sum by (...)": the word before by/without is an aggregation
                    }
                    flush();
                    if (GROUPING.contains(lower)) {
                        labelListNext = true;
                    } else if (!KEYWORDS.contains(lower)) {
                        pending = word;
                    }
                } else {
                    flush();
                    if (c == '#') {
                        skipComment();
                    } else if (c == '"' || c == '\'' || c == '`') {
                        readString();
                    } else if (c == '[') {
                        skipPast(']');
                    } else if (c == '$') {
                        readVariable();
                    } else if (Character.isDigit(c) || c == '.') {
                        readNumber();
                    } else {
                        i++; // operator, comma, ')', '@', ...
                    }
                }
            }
            flush();
            return List.copyOf(out);
        }

        /** The pending identifier was followed by neither '{' nor '(': a selector without matchers. */
        private void flush() {
            if (pending != null) {
                out.add(new Selector(pending, List.of()));
                pending = null;
            }
        }

        private void skipComment() {
            while (i < s.length() && s.charAt(i) != '\n') {
                i++;
            }
        }

        private List<LabelMatcher> readMatchers() {
            List<LabelMatcher> matchers = new ArrayList<>();
            while (true) {
                skipSpace();
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unclosed '{' in: " + s);
                }
                char c = s.charAt(i);
                if (c == '}') {
                    i++;
                    return matchers;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                if (!isIdentStart(c)) {
                    throw new IllegalArgumentException("expected a label name at offset " + i + " in: " + s);
                }
                String label = readIdent();
                skipSpace();
                String op = readOperator();
                skipSpace();
                if (i >= s.length() || "\"'`".indexOf(s.charAt(i)) < 0) {
                    throw new IllegalArgumentException(
                            "expected a quoted value after " + label + op + " at offset " + i + " in: " + s);
                }
                matchers.add(new LabelMatcher(label, op, readString()));
            }
        }

        private String readOperator() {
            for (String op : List.of("=~", "!~", "!=", "=")) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    return op;
                }
            }
            throw new IllegalArgumentException("expected =, !=, =~ or !~ at offset " + i + " in: " + s);
        }

        private String readString() {
            char quote = s.charAt(i++);
            StringBuilder value = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == quote) {
                    return value.toString();
                }
                if (c == '\\' && quote != '`' && i < s.length()) {
                    value.append(s.charAt(i++));
                } else {
                    value.append(c);
                }
            }
            throw new IllegalArgumentException("unclosed string in: " + s);
        }

        private void readVariable() {
            i++; // '$'
            if (i < s.length() && s.charAt(i) == '{') {
                skipPast('}');
            } else {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
            }
        }

        private void readNumber() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
                    i++;
                } else if ((c == '+' || c == '-')
                        && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
                        && i + 1 < s.length()
                        && Character.isDigit(s.charAt(i + 1))) {
                    i++; // exponent sign, as in 1e-6
                } else {
                    return;
                }
            }
        }

        private String readIdent() {
            int start = i;
            while (i < s.length() && (isIdentStart(s.charAt(i)) || Character.isDigit(s.charAt(i)))) {
                i++;
            }
            return s.substring(start, i);
        }

        /** Skips to just after the bracket closing the one at i, ignoring brackets inside strings. */
        private void skipPast(char close) {
            char open = s.charAt(i++);
            int depth = 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    readString();
                    continue;
                }
                i++;
                if (c == open) {
                    depth++;
                } else if (c == close && --depth == 0) {
                    return;
                }
            }
            throw new IllegalArgumentException("unclosed '" + open + "' in: " + s);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private static boolean isIdentStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        }
    }
}
