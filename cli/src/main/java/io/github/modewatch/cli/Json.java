package io.github.modewatch.cli;

import java.util.Locale;

/** Minimal JSON writer for the CLI's one-object outputs (numbers, strings, booleans, arrays; NaN/Inf written as null). */
final class Json {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private StringBuilder key(String name) {
        if (!first) {
            sb.append(", ");
        }
        first = false;
        return sb.append('"').append(name).append("\": ");
    }

    Json put(String name, double value) {
        key(name);
        number(value);
        return this;
    }

    Json put(String name, long value) {
        key(name).append(value);
        return this;
    }

    /** {@code value}, or JSON {@code null} when it is null (unknown). */
    Json putOrNull(String name, Long value) {
        key(name).append(value == null ? "null" : value.toString());
        return this;
    }

    Json put(String name, int[] values) {
        key(name).append('[');
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(values[i]);
        }
        sb.append(']');
        return this;
    }

    Json put(String name, double[] values) {
        key(name).append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            number(values[i]);
        }
        sb.append(']');
        return this;
    }

    Json put(String name, boolean[] values) {
        key(name).append('[');
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(values[i]);
        }
        sb.append(']');
        return this;
    }

    Json put(String name, String value) {
        key(name);
        string(value);
        return this;
    }

    Json put(String name, java.util.List<String> values) {
        key(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i > 0 ? ", " : "");
            string(values.get(i));
        }
        sb.append(']');
        return this;
    }

    private void string(String s) {
        sb.append('"');
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    private void number(double v) {
        if (!Double.isFinite(v)) {
            sb.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append(String.format(Locale.ROOT, "%.1f", v));
        } else {
            sb.append(v);
        }
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
