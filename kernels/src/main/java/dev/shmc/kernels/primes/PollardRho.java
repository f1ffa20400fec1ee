package dev.shmc.kernels.primes;

import java.math.BigInteger;

/**
 * A non-trivial factor of a composite 64-bit number by Pollard's rho (Brent's variant, products
 * of differences batched before each gcd). Used to show a factor when Miller-Rabin says
 * "composite"; the expected work is about n^(1/4) steps, milliseconds for any n < 2^63.
 */
public final class PollardRho {
    private PollardRho() {
    }

    /**
     * A factor f of {@code n} with 1 < f < n; {@code n} must be composite and at least 4.
     *
     * @throws IllegalArgumentException if n is below 4 or prime
     */
    public static long factor(long n) {
        if (n < 4 || MillerRabin.isPrime(n)) {
            throw new IllegalArgumentException(n + " is not a composite number >= 4");
        }
        if ((n & 1) == 0) {
            return 2;
        }
        for (long p = 3; p < 1000; p += 2) {
            if (n % p == 0) {
                return p;
            }
        }
        for (long c = 1; ; c++) {
            long f = brent(n, c);
            if (f != n && f != 1) {
                return f;
            }
        }
    }

    private static long brent(long n, long c) {
        BigInteger bn = BigInteger.valueOf(n);
        long y = 2;
        long x;
        long ys = 0;
        long q = 1;
        long g = 1;
        long r = 1;
        final int m = 128;
        do {
            x = y;
            for (long i = 0; i < r; i++) {
                y = step(y, c, n);
            }
            long k = 0;
            do {
                ys = y;
                for (long i = 0; i < Math.min(m, r - k); i++) {
                    y = step(y, c, n);
                    q = mulMod(q, Math.abs(x - y), n);
                }
                g = BigInteger.valueOf(q).gcd(bn).longValue();
                k += m;
            } while (k < r && g == 1);
            r <<= 1;
        } while (g == 1);
        if (g == n) {
            do {
                ys = step(ys, c, n);
                g = BigInteger.valueOf(Math.abs(x - ys)).gcd(bn).longValue();
            } while (g == 1);
        }
        return g;
    }

    private static long step(long y, long c, long n) {
        long s = mulMod(y, y, n) + c;
        return s >= n || s < 0 ? s - n : s;
    }

    /** a*b mod n for 0 <= a, b < n < 2^63, through the exact 128-bit product. */
    static long mulMod(long a, long b, long n) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            return lo % n;
        }
        // 128-bit remainder by shift-and-subtract over the high word (hi < n since a, b < n)
        long rem = hi % n;
        for (int i = 63; i >= 0; i--) {
            // rem = (rem * 2 + bit) mod n, with rem < n < 2^63 so rem*2 fits unsigned
            long bit = (lo >>> i) & 1;
            rem = (rem << 1) | bit;
            if (Long.compareUnsigned(rem, n) >= 0) {
                rem -= n;
            }
        }
        return rem;
    }
}
