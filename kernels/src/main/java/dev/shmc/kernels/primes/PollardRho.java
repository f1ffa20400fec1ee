package dev.shmc.kernels.primes;

import java.math.BigInteger;

/**
 * A non-trivial factor of a composite number by Pollard's rho (Brent's variant, products of
 * differences batched before each gcd). Used to show a factor when Miller-Rabin says "composite".
 * The expected work is about p^(1/2) steps for the smallest prime factor p: milliseconds for any
 * 64-bit number, which {@link #factorUnsigned} always finishes; beyond 64 bits
 * {@link #factor(BigInteger, long)} gives up after a given number of steps.
 */
public final class PollardRho {
    private PollardRho() {
    }

    /** Steps between two gcds: a gcd costs about as much as 64 steps of 64-bit Montgomery products. */
    private static final int BATCH = 128;

    /**
     * A factor f of {@code n} with 1 < f < n; {@code n} must be composite and at least 4.
     *
     * @throws IllegalArgumentException if n is below 4 or prime
     */
    public static long factor(long n) {
        if (n < 4) {
            throw new IllegalArgumentException(n + " is not a composite number >= 4");
        }
        return factorUnsigned(n);
    }

    /**
     * A factor f of {@code n}, read as an unsigned 64-bit number, with 1 < f < n (unsigned);
     * {@code n} must be composite.
     *
     * @throws IllegalArgumentException if n is below 4 or prime
     */
    public static long factorUnsigned(long n) {
        if (Long.compareUnsigned(n, 4) < 0 || MillerRabin.isPrimeUnsigned(n)) {
            throw new IllegalArgumentException(Long.toUnsignedString(n) + " is not a composite number >= 4");
        }
        if ((n & 1) == 0) {
            return 2;
        }
        for (long p = 3; p < 1000; p += 2) {
            if (Long.remainderUnsigned(n, p) == 0) {
                return p;
            }
        }
        Montgomery64 m = new Montgomery64(n);
        for (long c = 1; ; c++) {
            long f = brent(m, c);
            if (f != n && f != 1) {
                return f;
            }
        }
    }

    /**
     * Brent's cycle search on y -> y^2 / 2^64 + c mod n (the Montgomery square: still a quadratic
     * map modulo every prime factor of n, as 2^64 is a unit). Returns a factor, or n when this c
     * failed (a new c is then tried).
     */
    private static long brent(Montgomery64 m, long c) {
        long y = m.one;
        long x;
        long ys = 0;
        long q = m.one;
        long g = 1;
        long r = 1;
        do {
            x = y;
            for (long i = 0; i < r; i++) {
                y = m.add(m.multiply(y, y), c);
            }
            long k = 0;
            do {
                ys = y;
                for (long i = 0, end = Math.min(BATCH, r - k); i < end; i++) {
                    y = m.add(m.multiply(y, y), c);
                    q = m.multiply(q, Montgomery64.distance(x, y));
                }
                g = gcdUnsigned(q, m.n);
                k += BATCH;
            } while (k < r && g == 1);
            r <<= 1;
        } while (g == 1);
        if (g == m.n) {
            // the batch overshot: step one at a time from its start
            do {
                ys = m.add(m.multiply(ys, ys), c);
                g = gcdUnsigned(Montgomery64.distance(x, ys), m.n);
            } while (g == 1);
        }
        return g;
    }

    /** gcd of unsigned a and b (binary, no division); gcd(0, b) = b. */
    static long gcdUnsigned(long a, long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        int shift = Long.numberOfTrailingZeros(a | b);
        a >>>= Long.numberOfTrailingZeros(a);
        do {
            b >>>= Long.numberOfTrailingZeros(b);
            if (Long.compareUnsigned(a, b) > 0) {
                long t = a;
                a = b;
                b = t;
            }
            b -= a;
        } while (b != 0);
        return a << shift;
    }

    /**
     * A factor f of {@code n} with 1 < f < n found within {@code maxSteps} steps of Brent's
     * search (over a few constants c), or null if none was found: a quick look for a factor of a
     * number too large to factor for sure. Finds a prime factor p in about p^(1/2) steps with good
     * probability; each step is one product modulo n. Does not test n for primality (a prime n
     * gives null after {@code maxSteps}).
     *
     * @param n odd, at least 9
     */
    public static BigInteger factor(BigInteger n, long maxSteps) {
        if (!n.testBit(0) || n.compareTo(BigInteger.valueOf(9)) < 0) {
            throw new IllegalArgumentException("n must be odd and at least 9, got " + n);
        }
        long left = maxSteps;
        for (long c = 1; left > 0; c++) {
            BigInteger bc = BigInteger.valueOf(c);
            BigInteger y = BigInteger.TWO;
            BigInteger x;
            BigInteger ys;
            BigInteger q = BigInteger.ONE;
            BigInteger g = BigInteger.ONE;
            long r = 1;
            outer:
            do {
                x = y;
                for (long i = 0; i < r && left > 0; i++, left--) {
                    y = y.multiply(y).add(bc).mod(n);
                }
                long k = 0;
                do {
                    ys = y;
                    for (long i = 0, end = Math.min(BATCH, r - k); i < end; i++, left--) {
                        y = y.multiply(y).add(bc).mod(n);
                        q = q.multiply(x.subtract(y).abs()).mod(n);
                    }
                    g = q.gcd(n);
                    k += BATCH;
                    if (left <= 0 && g.equals(BigInteger.ONE)) {
                        break outer;
                    }
                } while (k < r && g.equals(BigInteger.ONE));
                r <<= 1;
            } while (g.equals(BigInteger.ONE));
            if (g.equals(n)) {
                do {
                    ys = ys.multiply(ys).add(bc).mod(n);
                    g = x.subtract(ys).abs().gcd(n);
                    left--;
                } while (g.equals(BigInteger.ONE));
            }
            if (!g.equals(BigInteger.ONE) && !g.equals(n)) {
                return g;
            }
        }
        return null;
    }
}
