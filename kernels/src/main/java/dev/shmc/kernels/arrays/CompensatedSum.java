package dev.shmc.kernels.arrays;

/**
 * A running sum kept as an unevaluated pair {@code hi + lo} (a double-double): every addition is
 * an error-free TwoSum (Knuth) whose rounding error goes to {@code lo}. The result is as accurate
 * as summing in twice the precision and rounding once (Ogita, Rump and Oishi's Sum2), whatever the
 * magnitudes or signs of the terms.
 *
 * <p>Infinities and NaN propagate through {@code hi}: {@link #value()} returns {@code hi} as soon as
 * it is not finite. Mutable and not thread-safe: one per worker, reused without allocation.
 */
public final class CompensatedSum {
    private double hi;
    private double lo;

    /** A sum of zero. */
    public CompensatedSum() {
    }

    /** Adds one term. */
    public void add(double x) {
        double s = hi + x;
        double bp = s - hi;
        // TwoSum: the exact rounding error of hi + x, without a branch on the magnitudes
        lo += (hi - (s - bp)) + (x - bp);
        hi = s;
    }

    /** Adds another double-double {@code (xHi, xLo)}, e.g. the partial sum of another range. */
    public void add(double xHi, double xLo) {
        add(xHi);
        lo += xLo;
    }

    /** The sum rounded to a double. */
    public double value() {
        return Double.isFinite(hi) ? hi + lo : hi;
    }

    /** The high part (the plain running sum). */
    public double hi() {
        return hi;
    }

    /** The low part (the accumulated rounding errors). */
    public double lo() {
        return lo;
    }

    /** Back to zero. */
    public void reset() {
        hi = 0;
        lo = 0;
    }

    /** Sets the pair, e.g. from two result words. */
    public void set(double hi, double lo) {
        this.hi = hi;
        this.lo = lo;
    }

    @Override
    public String toString() {
        return "CompensatedSum[" + hi + " + " + lo + "]";
    }
}
