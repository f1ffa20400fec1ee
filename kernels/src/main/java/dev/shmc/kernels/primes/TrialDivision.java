package dev.shmc.kernels.primes;

import java.util.function.BooleanSupplier;

/**
 * Trial division by odd candidates, cut into index ranges so that several workers can share the
 * candidates of one number and stop early when any of them finds a factor. Stateless and
 * thread-safe.
 *
 * <p>The candidates are 3, 5, 7, ...: candidate {@code i} is {@code 3 + 2i}, and a number n has
 * {@link #candidates(long)} of them, those up to {@code floor(sqrt(n))}. The even case and n < 4 are
 * the caller's, with {@link #smallFactor(long)}; then n is prime exactly when no candidate divides
 * it.
 *
 * <p>Every n is read as an unsigned 64-bit number: {@code -1L} is 2^64 - 1 = 18446744073709551615,
 * whose candidates go up to 2^32 - 1 (2^31 - 1 of them).
 */
public final class TrialDivision {
    private TrialDivision() {
    }

    /** By (d >> 1) & 127 for odd d: d^-1 mod 256, the start of Newton's iteration. */
    private static final byte[] INVERSE_MOD_256 = new byte[128];

    static {
        for (int d = 1; d < 256; d += 2) {
            int inverse = 1;
            while ((d * inverse & 255) != 1) {
                inverse += 2;
            }
            INVERSE_MOD_256[d >>> 1] = (byte) inverse;
        }
    }

    /** Number of candidates of unsigned n (odd numbers 3 .. floor(sqrt(n))), 0 for n < 9. */
    public static long candidates(long n) {
        return Math.max(0, (floorSqrtUnsigned(n) - 1) / 2);
    }

    /** The largest r with r * r <= n, n unsigned (so r < 2^32). */
    static long floorSqrtUnsigned(long n) {
        if (n >= 0) {
            return IntegerRoot.floorSqrt(n);
        }
        // n >= 2^63: the double is within a few units of the root; r * r below 2^64 compares unsigned
        long r = Math.min(0xFFFF_FFFFL, (long) Math.sqrt((n >>> 1) * 2.0));
        while (Long.compareUnsigned(r * r, n) > 0) {
            r--;
        }
        while (r < 0xFFFF_FFFFL && Long.compareUnsigned((r + 1) * (r + 1), n) <= 0) {
            r++;
        }
        return r;
    }

    /** The candidate with the given index: 3 + 2 * index. */
    public static long candidate(long index) {
        return 3 + 2 * index;
    }

    /**
     * The part of trial division the caller does before splitting the candidates:
     * <ul>
     *   <li>n = 0 or 1: returns 1 (not prime, and no factor to report);</li>
     *   <li>even n > 2: returns 2;</li>
     *   <li>n = 2, n = 3 and every odd n: returns 0 (no factor yet): n >= 2 is prime exactly when
     *       {@link #findFactor} finds none among the candidates {@code [0, candidates(n))}.</li>
     * </ul>
     *
     * @param n unsigned
     */
    public static long smallFactor(long n) {
        if (Long.compareUnsigned(n, 2) < 0) {
            return 1;
        }
        return n != 2 && (n & 1) == 0 ? 2 : 0;
    }

    /**
     * The smallest candidate with index in {@code [fromIndex, toIndex)} that divides n, or 0 when
     * none does. Polls {@code stop} every {@link PrimesConfig#TRIAL_POLL_CANDIDATES} candidates and
     * returns 0 once it answers true. Indices at or beyond {@link #candidates(long) candidates(n)}
     * are ignored, so a found factor is always proper.
     *
     * @param n an odd number, unsigned (even numbers: see {@link #smallFactor})
     */
    public static long findFactor(long n, long fromIndex, long toIndex, BooleanSupplier stop) {
        return findFactor(n, fromIndex, toIndex, stop, PrimesConfig.TRIAL_POLL_CANDIDATES);
    }

    /**
     * As {@link #findFactor(long, long, long, BooleanSupplier)}, polling {@code stop} every
     * {@code pollInterval} candidates (for the early-stop study; 0 or less: never polls, and tests
     * in batches of {@link PrimesConfig#TRIAL_POLL_CANDIDATES} all the same).
     */
    public static long findFactor(long n, long fromIndex, long toIndex, BooleanSupplier stop, int pollInterval) {
        if (fromIndex < 0) {
            throw new IllegalArgumentException("fromIndex " + fromIndex + " must be >= 0");
        }
        long end = Math.min(toIndex, candidates(n));
        // Without polls the range is still tested in batches of the default poll interval: the same
        // loop, compiled the same way (entered per batch, not by on-stack replacement of one long
        // loop, whose code came out up to 16 % slower in some JVMs and not in others), so that a
        // no-flag baseline differs from a polling run by the polls alone.
        long interval = pollInterval > 0 ? pollInterval : PrimesConfig.TRIAL_POLL_CANDIDATES;
        for (long i = fromIndex; i < end; ) {
            long batchEnd = i + Math.min(interval, end - i);
            long factor = firstDivisor(n, candidate(i), candidate(batchEnd));
            if (factor != 0) {
                return factor;
            }
            i = batchEnd;
            if (pollInterval > 0 && i < end && stop.getAsBoolean()) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * The first odd d in [first, end) (both odd) that divides n, 0 if none. Tests divisibility
     * without dividing: for odd d, n * d^-1 mod 2^64 is n / d when d divides n and then times d
     * stays below 2^64 (else q = n * d^-1 mod 2^64 has q * d = n mod 2^64 but not exactly, so
     * q * d passes 2^64). Correct for every unsigned n. The inverse costs a table look-up and 6 multiplications, which pipeline
     * across candidates, where a 64-bit division stalls for 40-odd cycles: 5 ns against 13 ns per
     * candidate, measured.
     */
    private static long firstDivisor(long n, long first, long end) {
        final byte[] inverses = INVERSE_MOD_256;
        for (long d = first; d < end; d += 2) {
            // Newton's iteration doubles the correct low bits of the inverse: 8 from the table, 16, 32, 64
            long inverse = inverses[(int) (d >>> 1) & 127];
            inverse *= 2 - d * inverse;
            inverse *= 2 - d * inverse;
            inverse *= 2 - d * inverse;
            if (Math.unsignedMultiplyHigh(n * inverse, d) == 0) {
                return d;
            }
        }
        return 0;
    }
}
