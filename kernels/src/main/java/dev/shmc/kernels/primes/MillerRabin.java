package dev.shmc.kernels.primes;

/**
 * Deterministic Miller-Rabin primality test for 64-bit numbers. Stateless and thread-safe.
 *
 * <p>The strong probable-prime test to the 12 prime bases 2 .. 37 has no false positive below
 * 3.3e24 (Sorenson and Webster, 2015), so it is exact for every long. Arithmetic modulo n is done in
 * Montgomery form with {@link Math#unsignedMultiplyHigh}, no division in the loop.
 */
public final class MillerRabin {
    private MillerRabin() {
    }

    private static final int[] BASES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};

    /** True when n is prime; false for n < 2 (0, 1 and negative numbers are not prime). Exact for every long. */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (int p : BASES) {
            if (n % p == 0) {
                return n == p;
            }
        }
        if (n < 41L * 41) {
            return true;
        }
        Montgomery m = new Montgomery(n);
        long d = n - 1;
        int s = Long.numberOfTrailingZeros(d);
        d >>>= s;
        for (int base : BASES) {
            if (!m.isStrongProbablePrime(base, d, s)) {
                return false;
            }
        }
        return true;
    }

    /** Arithmetic modulo an odd n > 1 (below 2^63) on numbers in Montgomery form a * 2^64 mod n. */
    private static final class Montgomery {
        private final long n;
        /** -n^-1 mod 2^64. */
        private final long negInverse;
        /** 2^64 mod n: the Montgomery form of 1. */
        private final long one;
        /** 2^128 mod n: converts into Montgomery form. */
        private final long rSquared;

        Montgomery(long n) {
            this.n = n;
            // Newton's iteration doubles the correct low bits: 3n ^ 2 is right to 5 bits, 4 steps give 80
            long inverse = (3 * n) ^ 2;
            for (int i = 0; i < 4; i++) {
                inverse *= 2 - n * inverse;
            }
            this.negInverse = -inverse;
            this.one = Long.remainderUnsigned(-1L, n) + 1; // (2^64 - 1) mod n + 1 < n, as n is odd
            long r = one;
            for (int i = 0; i < 64; i++) {
                r = addMod(r, r);
            }
            this.rSquared = r;
        }

        private long addMod(long a, long b) {
            long sum = a + b; // a, b < n < 2^63: no unsigned overflow
            return Long.compareUnsigned(sum, n) >= 0 ? sum - n : sum;
        }

        /** a * b / 2^64 mod n for a, b < n. */
        private long multiply(long a, long b) {
            long low = a * b;
            long high = Math.unsignedMultiplyHigh(a, b);
            long m = low * negInverse;
            // low + low(m * n) is 0 mod 2^64: it carries exactly when low is not 0
            long t = high + Math.unsignedMultiplyHigh(m, n) + (low != 0 ? 1 : 0);
            return Long.compareUnsigned(t, n) >= 0 ? t - n : t;
        }

        boolean isStrongProbablePrime(long base, long d, int s) {
            long minusOne = n - one;
            long a = multiply(base % n, rSquared);
            long x = one;
            for (long e = d; e != 0; e >>>= 1) {
                if ((e & 1) != 0) {
                    x = multiply(x, a);
                }
                a = multiply(a, a);
            }
            if (x == one || x == minusOne) {
                return true;
            }
            for (int i = 1; i < s; i++) {
                x = multiply(x, x);
                if (x == minusOne) {
                    return true;
                }
                if (x == one) {
                    return false;
                }
            }
            return false;
        }
    }
}
