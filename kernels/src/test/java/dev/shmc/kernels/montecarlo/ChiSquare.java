package dev.shmc.kernels.montecarlo;

/** Pearson's chi-square over equiprobable buckets, for the light statistical checks of the streams. */
final class ChiSquare {
    private ChiSquare() {
    }

    /** The statistic for {@code counts} against a uniform expectation. */
    static double statistic(final long[] counts) {
        long total = 0;
        for (final long count : counts) {
            total += count;
        }
        final double expected = (double) total / counts.length;
        double sum = 0;
        for (final long count : counts) {
            final double d = count - expected;
            sum += d * d / expected;
        }
        return sum;
    }

    /**
     * Upper critical value of chi-square with {@code degreesOfFreedom} for a one-sided normal
     * quantile {@code z} (Wilson–Hilferty approximation; good to a few percent for df ≥ 30).
     */
    static double critical(final int degreesOfFreedom, final double z) {
        final double k = degreesOfFreedom;
        final double c = 2.0 / (9.0 * k);
        final double cube = 1.0 - c + z * Math.sqrt(c);
        return k * cube * cube * cube;
    }
}
