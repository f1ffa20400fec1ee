package dev.shmc.kernels.primes;

import java.math.BigInteger;

/**
 * Miller-Rabin primality tests: deterministic for every 64-bit number, and the strong test to one
 * base for numbers of any size (part of {@link BailliePsw}). Stateless and thread-safe.
 *
 * <p>The strong probable-prime test to the 12 prime bases 2 .. 37 has no false positive below
 * 3.3e24 (Sorenson and Webster, 2015), so it is exact for every number below 2^64. Arithmetic
 * modulo n is done in Montgomery form with {@link Math#unsignedMultiplyHigh}, no division in the
 * loop, and is unsigned: the same code serves n below 2^63 and up to 2^64 - 1.
 */
public final class MillerRabin {
    private MillerRabin() {
    }

    private static final int[] BASES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};

    /** True when n is prime; false for n < 2 (0, 1 and negative numbers are not prime). Exact for every long. */
    public static boolean isPrime(long n) {
        return n >= 0 && isPrimeUnsigned(n);
    }

    /**
     * True when n, read as an unsigned 64-bit number (so up to 2^64 - 1 = 18446744073709551615,
     * {@code -1L}), is prime. Exact for every value.
     */
    public static boolean isPrimeUnsigned(long n) {
        if (Long.compareUnsigned(n, 2) < 0) {
            return false;
        }
        // a signed remainder below 2^63: one division, where remainderUnsigned adds a few steps
        for (int p : BASES) {
            if ((n >= 0 ? n % p : Long.remainderUnsigned(n, p)) == 0) {
                return n == p;
            }
        }
        if (Long.compareUnsigned(n, 41L * 41) < 0) {
            return true;
        }
        Montgomery64 m = new Montgomery64(n);
        long d = n - 1;
        int s = Long.numberOfTrailingZeros(d);
        d >>>= s;
        for (int base : BASES) {
            if (!isStrongProbablePrime(m, base, d, s)) {
                return false;
            }
        }
        return true;
    }

    /** The strong test to {@code base} (below n), with n - 1 = d * 2^s, d odd. */
    private static boolean isStrongProbablePrime(Montgomery64 m, int base, long d, int s) {
        long one = m.one;
        long minusOne = m.n - one;
        long x = m.pow(m.ofSmall(base), d);
        if (x == one || x == minusOne) {
            return true;
        }
        for (int i = 1; i < s; i++) {
            x = m.multiply(x, x);
            if (x == minusOne) {
                return true;
            }
            if (x == one) {
                return false;
            }
        }
        return false;
    }

    /**
     * True when odd {@code n > 3} is a strong probable prime to {@code base} (2 <= base < n - 1):
     * with n - 1 = d * 2^s, d odd, base^d = 1 or base^(d * 2^r) = -1 (mod n) for some r < s.
     * Every prime passes; a composite that fails has {@code base} as a witness of it, a proof
     * that it is composite.
     *
     * @throws IllegalArgumentException if n is even or below 5, or base is out of range
     */
    public static boolean isStrongProbablePrime(BigInteger n, BigInteger base) {
        if (!n.testBit(0) || n.compareTo(BigInteger.valueOf(5)) < 0) {
            throw new IllegalArgumentException("n must be odd and at least 5, got " + n);
        }
        BigInteger minusOne = n.subtract(BigInteger.ONE);
        if (base.compareTo(BigInteger.TWO) < 0 || base.compareTo(minusOne) >= 0) {
            throw new IllegalArgumentException("base " + base + " is not in [2, n - 2]");
        }
        int s = minusOne.getLowestSetBit();
        BigInteger x = base.modPow(minusOne.shiftRight(s), n);
        if (x.equals(BigInteger.ONE) || x.equals(minusOne)) {
            return true;
        }
        for (int i = 1; i < s; i++) {
            x = x.multiply(x).mod(n);
            if (x.equals(minusOne)) {
                return true;
            }
            if (x.equals(BigInteger.ONE)) {
                return false;
            }
        }
        return false;
    }
}
