package dev.shmc.cli.array;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import dev.shmc.engine.jobs.ArrayFillKernel;
import dev.shmc.engine.jobs.ArrayMapKernel;
import dev.shmc.engine.jobs.ArrayReduceKernel;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The jobs of one {@code shmc array} run over its array x (and y, for dot and axpy): fills,
 * reductions (sum, min, max, mean, dot) and maps (scale: x = alpha x; axpy: y = alpha x + y), one
 * at a time in the order given. It tracks what the arrays hold (a map makes the oracle's answers
 * unknown; mean reuses the sum just computed), checks that a repeated reduction gives the same
 * value each time, and describes each op as a row for --json and, unless the text writer is null,
 * a line of text.
 */
public final class ArrayOps {
    /** The ops, in the order the help lists them. */
    public static final List<String> NAMES = List.of("sum", "min", "max", "mean", "dot", "scale", "axpy");

    /** Runs one job of the run and waits for it (the command adds its schedule and progress bar). */
    @FunctionalInterface
    public interface Runner {
        JobResult run(JobSpec spec, String label);
    }

    private final Runner runner;
    private final Operand x;
    private final Operand y;
    private final long n;
    private final double alpha;
    private final long repeat;
    private final PrintWriter text;
    private boolean completed = true;
    private Double lastSum;

    /**
     * @param y      the second array, or null when no op needs one
     * @param repeat runs of each reduction (the best time is reported)
     * @param text   where the text lines go, or null (--json)
     */
    public ArrayOps(Runner runner, Operand x, Operand y, long n, double alpha, long repeat, PrintWriter text) {
        this.runner = runner;
        this.x = x;
        this.y = y;
        this.n = n;
        this.alpha = alpha;
        this.repeat = repeat;
        this.text = text;
    }

    /** Whether every job so far completed (and every repeat of a reduction agreed). */
    public boolean completed() {
        return completed;
    }

    /**
     * Fills {@code a} in place. The second array of a run ({@code second}) gets y[i] = N-1-i for an
     * index fill, which makes x + y constant and x.y a known sum, and its own seed for a random fill.
     */
    public JobResult fill(Operand a, Fill kind, long seed, boolean second) {
        double scale = second ? -1 : 1;
        double offset = second ? n - 1 : 0;
        long s = second ? seed ^ 0x5DEECE66DL : seed;
        JobResult r = run(ArrayFillKernel.spec(a.name(), n, kind, scale, offset, s), "fill");
        a.filled(kind);
        line("fill %-6s %s: %8.3f s  %6.2f GB/s", kind.name().toLowerCase(Locale.ROOT), a.name(), r.seconds(), gbps(8 * n, r.seconds()));
        return r;
    }

    /**
     * Runs op {@code op} (one of {@link #NAMES}) and returns its row: op, then from (a mean taken
     * from the last sum), firstSeconds (with repeats), alpha (maps), value (reductions), expected
     * (when the oracle knows it), seconds and GBps (null for a mean from the sum).
     */
    public Map<String, Object> run(String op) {
        return op.equals("scale") || op.equals("axpy") ? map(op) : reduce(op);
    }

    private Map<String, Object> reduce(String op) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("op", op);
        double value;
        double seconds;
        long bytes;
        if (op.equals("mean") && lastSum != null) {
            value = lastSum / n;
            seconds = 0;
            bytes = 0;
            row.put("from", "sum");
        } else {
            ArrayReduceKernel.Op rop = switch (op) {
                case "min" -> ArrayReduceKernel.Op.MIN;
                case "max" -> ArrayReduceKernel.Op.MAX;
                case "dot" -> ArrayReduceKernel.Op.DOT;
                case "sum", "mean" -> ArrayReduceKernel.Op.SUM;
                default -> throw new IllegalStateException(op);
            };
            JobSpec spec = ArrayReduceKernel.spec(x.name(), rop == ArrayReduceKernel.Op.DOT ? y.name() : null, n, rop);
            JobResult r = run(spec, op);
            value = ArrayReduceKernel.value(rop, r);
            seconds = r.seconds();
            if (repeat > 1) {
                row.put("firstSeconds", seconds);
                for (long k = 1; k < repeat; k++) {
                    JobResult again = runner.run(spec, op);
                    // a compensated sum is bit-identical whatever the workers: a repeat that differs is a failure
                    completed &= again.status() == JobStatus.COMPLETED && ArrayReduceKernel.value(rop, again) == value;
                    seconds = Math.min(seconds, again.seconds());
                }
            }
            if (rop == ArrayReduceKernel.Op.SUM) {
                lastSum = value;
                value = op.equals("mean") ? value / n : value;
            }
            bytes = rop == ArrayReduceKernel.Op.DOT ? 16 * n : 8 * n;
        }
        Double expected = ArrayOracle.expected(op, n, x, y);
        row.put("value", value);
        if (expected != null) {
            row.put("expected", expected);
        }
        timing(row, seconds, bytes);
        if (text != null) {
            String exp = expected == null ? "" : expected.equals(value) ? "  (exact)" : "  (expected " + expected + ")";
            String what = String.format("%-5s %-26s", op, "= " + value);
            if (row.containsKey("from")) {
                line("%s  from the sum%s", what, exp);
            } else {
                line("%s %8.3f s  %6.2f GB/s%s%s", what, seconds, gbps(bytes, seconds), exp, best(row));
            }
        }
        return row;
    }

    private Map<String, Object> map(String op) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("op", op);
        ArrayMapKernel.Op mop = op.equals("scale") ? ArrayMapKernel.Op.SCALE : ArrayMapKernel.Op.AXPY;
        JobResult r = run(ArrayMapKernel.spec(mop, alpha, x.name(), mop == ArrayMapKernel.Op.AXPY ? y.name() : null, n), op);
        long bytes;
        if (mop == ArrayMapKernel.Op.SCALE) {
            x.filled(null);
            lastSum = null;
            bytes = 16 * n; // read and write x
        } else {
            y.filled(null);
            bytes = 24 * n; // read x and y, write y
        }
        row.put("alpha", alpha);
        timing(row, r.seconds(), bytes);
        line("%s %8.3f s  %6.2f GB/s", String.format("%-5s %-26s", op, "(alpha " + alpha + ")"), r.seconds(), gbps(bytes, r.seconds()));
        return row;
    }

    private JobResult run(JobSpec spec, String label) {
        JobResult r = runner.run(spec, label);
        completed &= r.status() == JobStatus.COMPLETED;
        return r;
    }

    private static void timing(Map<String, Object> row, double seconds, long bytes) {
        row.put("seconds", seconds);
        row.put("GBps", seconds > 0 ? gbps(bytes, seconds) : null);
    }

    private String best(Map<String, Object> row) {
        return row.get("firstSeconds") instanceof Double f ? String.format("  (best of %d; first %.3f s)", repeat, f) : "";
    }

    private void line(String format, Object... args) {
        if (text != null) {
            text.println(String.format(format, args));
        }
    }

    /** Gigabytes (10^9 bytes) per second; 0 for no time. */
    public static double gbps(long bytes, double seconds) {
        return seconds > 0 ? bytes / seconds / 1e9 : 0;
    }
}
