package dev.shmc.kernels.primes;

import java.math.BigInteger;

/**
 * The Baillie-PSW probable-prime test for numbers of any size: a strong probable-prime test to
 * base 2 ({@link MillerRabin#isStrongProbablePrime(BigInteger, BigInteger)}) and a strong Lucas
 * probable-prime test with Selfridge's parameters (method A: the first D of 5, -7, 9, -11, ...
 * with Jacobi symbol (D/n) = -1, P = 1, Q = (1 - D) / 4). Stateless and thread-safe.
 *
 * <p>Every prime passes. No composite that passes is known, and there is none below 2^64
 * (Feitsma and Galway's list of base-2 strong pseudoprimes, checked by Gilchrist), but none is
 * proven not to exist: a pass is "probably prime", not a proof. A failure is a proof of
 * compositeness. Java's own {@link BigInteger#isProbablePrime} is not this test: it runs
 * Miller-Rabin to random bases and a plain (not strong) Lucas test.
 */
public final class BailliePsw {
    private BailliePsw() {
    }

    private static final int[] SMALL_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};

    /**
     * True when n passes the Baillie-PSW test, false when n is proven composite, or below 2.
     * Below 2^64 the answer is exact (it is the deterministic {@link MillerRabin#isPrimeUnsigned}).
     */
    public static boolean isProbablePrime(BigInteger n) {
        if (n.signum() < 0) {
            return false;
        }
        if (n.bitLength() <= 64) {
            return MillerRabin.isPrimeUnsigned(n.longValue());
        }
        if (!n.testBit(0)) {
            return false;
        }
        for (int p : SMALL_PRIMES) {
            if (n.mod(BigInteger.valueOf(p)).signum() == 0) {
                return false;
            }
        }
        return MillerRabin.isStrongProbablePrime(n, BigInteger.TWO) && isStrongLucasProbablePrime(n);
    }

    /**
     * The strong Lucas probable-prime test with Selfridge's parameters, for odd {@code n >= 3}:
     * with n + 1 = d * 2^s, d odd, U_d = 0 or V_(d * 2^r) = 0 (mod n) for some r < s. A perfect
     * square, or an n that shares a factor with one of the D tried, fails.
     *
     * @throws IllegalArgumentException if n is even or below 3
     */
    public static boolean isStrongLucasProbablePrime(BigInteger n) {
        if (!n.testBit(0) || n.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new IllegalArgumentException("n must be odd and at least 3, got " + n);
        }
        BigInteger root = n.sqrt();
        if (root.multiply(root).equals(n)) {
            return false; // no D with (D/n) = -1 exists
        }
        long d = 5;
        while (true) {
            int j = jacobi(d, n);
            if (j == -1) {
                break;
            }
            if (j == 0 && n.compareTo(BigInteger.valueOf(Math.abs(d))) > 0) {
                return false; // gcd(|D|, n) is a proper factor
            }
            d = d > 0 ? -(d + 2) : -d + 2;
        }
        long q = (1 - d) / 4;
        BigInteger bigD = BigInteger.valueOf(d);
        BigInteger bigQ = BigInteger.valueOf(q);

        BigInteger k = n.add(BigInteger.ONE);
        int s = k.getLowestSetBit();
        k = k.shiftRight(s);
        // U_1 = 1, V_1 = P = 1, Q^1; then for each further bit of k: double the index, and add one if the bit is set
        BigInteger u = BigInteger.ONE;
        BigInteger v = BigInteger.ONE;
        BigInteger qk = bigQ.mod(n);
        for (int i = k.bitLength() - 2; i >= 0; i--) {
            u = u.multiply(v).mod(n);                                  // U_2k = U_k V_k
            v = v.multiply(v).subtract(qk.shiftLeft(1)).mod(n);        // V_2k = V_k^2 - 2 Q^k
            qk = qk.multiply(qk).mod(n);
            if (k.testBit(i)) {
                BigInteger nextU = half(u.add(v).mod(n), n);           // U_(k+1) = (P U_k + V_k) / 2
                v = half(bigD.multiply(u).add(v).mod(n), n);           // V_(k+1) = (D U_k + P V_k) / 2
                u = nextU;
                qk = qk.multiply(bigQ).mod(n);
            }
        }
        if (u.signum() == 0 || v.signum() == 0) {
            return true;
        }
        for (int r = 1; r < s; r++) {
            v = v.multiply(v).subtract(qk.shiftLeft(1)).mod(n);       // V_2k = V_k^2 - 2 Q^k
            if (v.signum() == 0) {
                return true;
            }
            qk = qk.multiply(qk).mod(n);
        }
        return false;
    }

    /** x / 2 mod odd n, for 0 <= x < n. */
    private static BigInteger half(BigInteger x, BigInteger n) {
        return (x.testBit(0) ? x.add(n) : x).shiftRight(1);
    }

    /**
     * The Jacobi symbol (a/n) for odd n > 0 and odd a (either sign): by (-1/n) and quadratic
     * reciprocity it is (n mod |a| / |a|) up to a sign, all in longs.
     */
    static int jacobi(long a, BigInteger n) {
        long abs = Math.abs(a);
        int sign = 1;
        int nMod4 = n.intValue() & 3;
        if (a < 0 && nMod4 == 3) {
            sign = -sign; // (-1/n) = -1 when n = 3 mod 4
        }
        if ((abs & 3) == 3 && nMod4 == 3) {
            sign = -sign; // reciprocity: both 3 mod 4
        }
        return sign * jacobi(n.mod(BigInteger.valueOf(abs)).longValue(), abs);
    }

    /** The Jacobi symbol (a/m) for 0 <= a and odd m > 0. */
    static int jacobi(long a, long m) {
        int result = 1;
        a %= m;
        while (a != 0) {
            while ((a & 1) == 0) {
                a >>= 1;
                long r = m & 7;
                if (r == 3 || r == 5) {
                    result = -result;
                }
            }
            long t = a;
            a = m;
            m = t;
            if ((a & 3) == 3 && (m & 3) == 3) {
                result = -result;
            }
            a %= m;
        }
        return m == 1 ? result : 0;
    }
}
