package io.github.modewatch.report;

import java.util.List;
import java.util.Map;

/** The report's HTML: one self-contained page (inline CSS, no scripts, no external resources). */
final class Html {
    private static final String CSS = """
            body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px auto;
                   max-width: 1000px; padding: 0 16px; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; overflow-wrap: anywhere; }
            h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
            table.summary { border-collapse: collapse; margin: 12px 0; }
            table.summary th, table.summary td { text-align: left; padding: 5px 12px; border-bottom: 1px solid #e5e5e5;
                   vertical-align: top; }
            table.summary th { font-weight: 600; white-space: nowrap; color: #444; }
            .verdict { font-size: 1.1em; padding: 10px 14px; border-left: 5px solid #888; background: #f5f5f5; }
            .verdict.alarm { border-color: #d62728; background: #fdf0f0; }
            .verdict.warn { border-color: #ff7f0e; background: #fff6ec; }
            .verdict.ok { border-color: #2ca02c; background: #f1f9f1; }
            figure { margin: 0 0 8px 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; image-rendering: pixelated; }
            p.how { color: #444; font-size: 0.93em; margin-top: 4px; }
            p.how b { color: #222; }
            p.note { color: #666; font-style: italic; }
            footer { margin-top: 3em; color: #888; font-size: 0.85em; }
            """;

    /** A titled group of figures, with notes for figures that could not be drawn. */
    record Section(String heading, String intro, List<Figure> figures, List<String> notes) {}

    private Html() {}

    static String page(
            String runName,
            String verdict,
            String verdictClass,
            Map<String, String> summary,
            List<Section> sections,
            String footer) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ModeWatch report: ")
                .append(escape(runName))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>ModeWatch report: ")
                .append(escape(runName))
                .append("</h1>\n")
                .append("<p class=\"verdict ")
                .append(verdictClass)
                .append("\">")
                .append(escape(capitalise(verdict)))
                .append("</p>\n<table class=\"summary\">\n");
        summary.forEach((k, v) -> s.append("<tr><th>")
                .append(escape(k))
                .append("</th><td>")
                .append(escape(v))
                .append("</td></tr>\n"));
        s.append("</table>\n");
        for (Section section : sections) {
            s.append("<h2>").append(escape(section.heading())).append("</h2>\n");
            if (section.intro() != null) {
                s.append("<p class=\"how\">").append(escape(section.intro())).append("</p>\n");
            }
            for (Figure f : section.figures()) {
                s.append("<figure>\n<h3>")
                        .append(escape(f.title()))
                        .append("</h3>\n<img src=\"")
                        .append(escape(f.file()))
                        .append("\" alt=\"")
                        .append(escape(f.title()))
                        .append("\" width=\"")
                        .append(f.width())
                        .append("\" height=\"")
                        .append(f.height())
                        .append("\">\n")
                        .append("<p class=\"how\"><b>How to read:</b> ")
                        .append(escape(f.howToRead()))
                        .append("</p>\n</figure>\n");
            }
            for (String note : section.notes()) {
                s.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
            }
        }
        s.append("<footer>").append(escape(footer)).append("</footer>\n</body>\n</html>\n");
        return s.toString();
    }

    /** Escapes the five HTML-special characters, for text and attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
