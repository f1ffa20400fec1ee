package dev.shmc.bench.harness;

import java.util.Arrays;

/** Order statistics of a sample of measurements (nearest-rank percentiles). */
public final class Stats {
    private final double[] sorted;

    private Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        return new Stats(values);
    }

    /** Nanosecond samples as microseconds. */
    public static Stats ofNanosAsMicros(long[] nanos, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = nanos[i] / 1e3;
        }
        return of(v);
    }

    /** The {@code p}-th percentile, 0 to 100 (nearest rank). */
    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double median() {
        return percentile(50);
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }

    /** (max - min) / median: the spread of repeated runs, as a fraction. */
    public double spread() {
        double m = median();
        return m == 0 ? 0 : (max() - min()) / m;
    }
}
