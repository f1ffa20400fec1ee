package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.Wheel30.CLEAR;
import static dev.shmc.kernels.primes.Wheel30.K_STEP;
import static dev.shmc.kernels.primes.Wheel30.STEP_CARRY;

/**
 * The upper medium sieving primes, which hit a segment a few times each (from
 * {@link PrimesConfig#SPARSE_PRIME_FACTOR} segments' bytes, 131,072 by default, up to the buckets'
 * primes): a loop over their multiples one at a time, with the wheel's steps from tables, instead
 * of the unrolled wheel cycles of the {@link UnrolledTier}, whose entry into and exit from a cycle
 * cost more than such a prime's few crossings. Each prime's state is one long: high int
 * (q << 3 | residue index of p), low int (the byte of its next multiple relative to the current
 * segment << 3 | wheel index). Primes enter in ascending order as their squares enter the range
 * ({@link #activate}). Not thread-safe: one per sieve.
 */
final class SparseTier {
    private final long[] state;
    private int active;

    /** A tier for at most {@code primes} primes. */
    SparseTier(int primes) {
        this.state = new long[primes];
    }

    /** Deactivates every prime, for a new range. */
    void reset() {
        active = 0;
    }

    /** Activates the next prime {@code p} with its first multiple at byte {@code relative} of the current segment and wheel index {@code wheel}. */
    void activate(int p, int relative, int wheel) {
        state[active++] = (long) ((p / 30) << 3 | Wheel30.residueIndex(p)) << 32 | relative << 3 | wheel;
    }

    /**
     * Crosses off every multiple of the active primes below byte {@code end} of {@code sieve},
     * then moves each prime's state {@code end} bytes back, to the next segment.
     */
    void crossOff(byte[] sieve, int end) {
        final byte[] s = sieve;
        final long[] st = state;
        for (int k = 0, n = active; k < n; k++) {
            long entry = st[k];
            int code = (int) (entry >>> 32);
            int position = (int) entry;
            int i = position >>> 3;
            int w = position & 7;
            if (i < end) {
                final int q = code >>> 3;
                final int t = (code & 7) << 3;
                do {
                    s[i] &= CLEAR[t + w];
                    i += q * K_STEP[w] + STEP_CARRY[t + w];
                    w = (w + 1) & 7;
                } while (i < end);
            }
            st[k] = (long) code << 32 | (i - end) << 3 | w;
        }
    }
}
