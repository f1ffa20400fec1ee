package dev.shmc.kernels.primes;

/** Exact integer square root. */
final class IntegerRoot {
    private IntegerRoot() {
    }

    /** The largest r with r * r <= n, for n >= 0; exact for every long (Math.sqrt alone is not above 2^52). */
    static long floorSqrt(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("square root of negative " + n);
        }
        long r = (long) Math.sqrt((double) n);
        // the double is within a few units of the root: correct without overflowing r * r
        while (r > 0 && r > n / r) {
            r--;
        }
        while (r + 1 <= n / (r + 1)) {
            r++;
        }
        return r;
    }
}
