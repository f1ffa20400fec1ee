package dev.shmc.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of results with named columns (units in the names, {@code seconds}, {@code GB/s}),
 * written as CSV (RFC 4180 quoting) and rendered as a markdown table.
 */
public final class Table {
    private final String name;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String name, String... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return rows;
    }

    public Table add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(java.util.Collections.unmodifiableList(java.util.Arrays.asList(values.clone())));
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** Writes {@code <dir>/<name>.csv}; returns its path. */
    public Path writeCsv(Path dir) {
        StringBuilder b = new StringBuilder();
        b.append(csvLine(columns)).append('\n');
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                cells.add(csvCell(v));
            }
            b.append(String.join(",", cells)).append('\n');
        }
        Path file = dir.resolve(name + ".csv");
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static String csvLine(List<String> cells) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            out.add(quote(c));
        }
        return String.join(",", out);
    }

    private static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? plain(d) : "";
        }
        return quote(v.toString());
    }

    /** Full precision without exponent noise for ordinary magnitudes. */
    private static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** The table in markdown, numbers with 3 significant digits. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (int i = 0; i < columns.size(); i++) {
            b.append(" --- |");
        }
        b.append('\n');
        for (List<Object> row : rows) {
            b.append('|');
            for (Object v : row) {
                b.append(' ').append(format(v).replace("|", "\\|")).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A number for people: 3 significant digits, thousands not in exponent form. */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "n/a";
            }
            double a = Math.abs(d);
            if (a == 0) {
                return "0";
            }
            if (a >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            if (a >= 100) {
                return String.format(Locale.ROOT, "%.0f", d);
            }
            if (a >= 10) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            if (a >= 0.01) {
                return String.format(Locale.ROOT, "%.3g", d);
            }
            return String.format(Locale.ROOT, "%.2e", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return v.toString();
    }
}
