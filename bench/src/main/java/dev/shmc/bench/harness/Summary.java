package dev.shmc.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The markdown summary of a run: machine, headline table with anchor ratios, then each suite's tables, charts and notes. */
public final class Summary {
    private Summary() {
    }

    /** The headline table (also a CSV: summary.csv). */
    public static Table headlineTable(List<SuiteResult> results) {
        Table t = new Table("summary", "suite", "measure", "shmc", "unit", "better", "spread", "anchor (same run)", "anchor value",
                "shmc / anchor");
        for (SuiteResult r : results) {
            for (Headline h : r.headlines()) {
                t.add(h.suite(), h.measure(), h.value(), h.unit(), h.better(), Double.isNaN(h.spread()) ? null : percent(h.spread()),
                        h.anchor() == null ? "" : h.anchor(), h.anchor() == null ? null : h.anchorValue(), h.anchor() == null ? null : h.ratio());
            }
        }
        return t;
    }

    /** Each headline that has a goal: the goal, this run's figure, met or what is left. */
    public static Table goalTable(List<SuiteResult> results) {
        Table t = new Table("goals", "measure", "goal", "this run", "verdict");
        for (SuiteResult r : results) {
            for (Headline h : r.headlines()) {
                Headline.Goal g = h.goal();
                if (g == null) {
                    continue;
                }
                double x = g.figure(h);
                String figure = Double.isNaN(x) ? "no anchor in this run" : String.format(Locale.ROOT, g.onRatio() ? "%.2f" : "%.2f %s", x, h.unit());
                String verdict = Double.isNaN(x) ? "not measured (run with --anchors)"
                        : g.metBy(h) ? "met" : String.format(Locale.ROOT, "left: %.2f against %s %.2f", x, g.atMost() ? "at most" : "at least", g.limit())
                                + withinSpread(h, x, g.limit()) + (g.whenLeft() == null ? "" : "; " + g.whenLeft());
                t.add(h.suite() + ": " + h.measure(), g.text(), figure, verdict);
            }
        }
        return t;
    }

    /**
     * ", within this run's spread of N %" when the gap to the goal is smaller than the spread of the
     * figure's repetitions: the next run may read the other way.
     */
    private static String withinSpread(Headline h, double figure, double limit) {
        double gap = Math.abs(figure - limit) / limit;
        return !Double.isNaN(h.spread()) && gap < h.spread() ? ", within this run's spread of " + percent(h.spread()) : "";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    public static Path write(Path out, String command, String sizeName, Machine machine, String loadAtEnd, String started,
                             double seconds, List<SuiteResult> results, Anchors anchors) {
        StringBuilder b = new StringBuilder();
        b.append("# shmc bench results\n\n");
        b.append("- Command: `").append(command).append("`\n");
        b.append("- Date: ").append(started).append(String.format(Locale.ROOT, " (%.0f s)%n", seconds));
        b.append("- Size: ").append(sizeName).append('\n');
        b.append("- Machine: ").append(machine.oneLine()).append('\n');
        if (!machine.cpuDetail().isEmpty()) {
            b.append("- CPU: ").append(machine.cpuDetail()).append('\n');
        }
        b.append("- OS: ").append(machine.os()).append('\n');
        b.append("- Load average (1, 5, 15 min) at start: ").append(machine.loadAverage()).append("; at end: ").append(loadAtEnd)
                .append(" (other work on the machine skews every figure)\n");
        b.append("- Anchors: ").append(anchors.status()).append("\n\n");
        b.append("Ratios are shmc / anchor, both measured in this run; `better` says which way is good. Spread is (max - min) / median "
                + "over the repetitions.\n\n");
        b.append("## Summary\n\n").append(headlineTable(results).markdown()).append('\n');
        Table goals = goalTable(results);
        if (!goals.rows().isEmpty()) {
            b.append("## Goals\n\nThe project's speed goals on this machine, checked against this run's figures (a ratio is shmc / the anchor"
                    + " of the same run).\n\n").append(goals.markdown()).append('\n');
        }
        for (SuiteResult r : results) {
            b.append("## ").append(r.suite()).append(": ").append(r.title()).append("\n\n");
            b.append(r.description()).append(String.format(Locale.ROOT, " (suite took %.0f s)%n%n", r.seconds()));
            for (Table t : r.tables()) {
                b.append(t.markdown()).append('\n').append("CSV: [").append(t.name()).append(".csv](").append(t.name()).append(".csv)\n\n");
            }
            for (Path c : r.charts()) {
                String f = c.getFileName().toString();
                b.append("![").append(f).append("](").append(f).append(")\n\n");
            }
            for (String n : r.notes()) {
                b.append("- ").append(n).append('\n');
            }
            b.append('\n');
        }
        if (anchors.ran()) {
            b.append("## Anchors (../shared/anchors/run-anchors.sh, same run)\n\n```\n");
            anchors.lines().forEach(l -> b.append(l).append('\n'));
            b.append("```\n");
        }
        Path file = out.resolve("summary.md");
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
