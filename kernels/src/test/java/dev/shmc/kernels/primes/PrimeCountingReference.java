package dev.shmc.kernels.primes;

/**
 * pi(x) without sieving, for checking the sieve where a full sieve would take minutes: the
 * combinatorial count that removes, prime by prime, the multiples of p from the counts of
 * "numbers left" at every value floor(x / i) (the Legendre sum computed bottom-up over the
 * O(sqrt x) distinct quotients; about x^(3/4) steps, a second or two at 10^12). Independent of
 * the sieve: no shared code, no bit array.
 */
final class PrimeCountingReference {
    private PrimeCountingReference() {
    }

    /** The number of primes p with p <= x, for 0 <= x <= 10^13 or so (beyond, it is slow). */
    static long pi(long x) {
        if (x < 2) {
            return 0;
        }
        int r = (int) IntegerRoot.floorSqrt(x);
        // low[v] counts the survivors in [2, v]; high[i] those in [2, x / i] (for x / i > r)
        long[] low = new long[r + 1];
        long[] high = new long[r + 1];
        for (int v = 1; v <= r; v++) {
            low[v] = v - 1;
            high[v] = x / v - 1;
        }
        for (int p = 2; p <= r; p++) {
            if (low[p] == low[p - 1]) {
                continue; // p was removed: not prime
            }
            long below = low[p - 1]; // primes smaller than p
            long square = (long) p * p;
            int last = (int) Math.min(r, x / square);
            for (int i = 1; i <= last; i++) {
                long d = (long) i * p;
                long quotient = d <= r ? high[(int) d] : low[(int) (x / d)];
                high[i] -= quotient - below;
            }
            for (int v = r; v >= square; v--) {
                low[v] -= low[v / p] - below;
            }
        }
        return high[1];
    }
}
