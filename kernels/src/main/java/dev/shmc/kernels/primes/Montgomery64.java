package dev.shmc.kernels.primes;

/**
 * Arithmetic modulo an odd {@code n > 1} read as an unsigned 64-bit number, on residues in
 * Montgomery form {@code a * 2^64 mod n}; every residue is below n, compared unsigned. No division
 * after construction: a product costs three 64-bit multiplications and two high halves.
 * Immutable, so thread-safe.
 */
final class Montgomery64 {
    /** The modulus, unsigned. */
    final long n;
    /** n^-1 mod 2^64. */
    private final long inverse;
    /** 2^64 mod n: the Montgomery form of 1. */
    final long one;

    Montgomery64(long n) {
        if ((n & 1) == 0 || n == 1) {
            throw new IllegalArgumentException("modulus " + Long.toUnsignedString(n) + " is not odd and above 1");
        }
        this.n = n;
        // Newton's iteration doubles the correct low bits: 3n ^ 2 is right to 5 bits, 4 steps give 80
        long x = (3 * n) ^ 2;
        for (int i = 0; i < 4; i++) {
            x *= 2 - n * x;
        }
        this.inverse = x;
        this.one = Long.remainderUnsigned(-n, n); // 2^64 - n, reduced
    }

    /** a + b mod n for residues a, b: the sum may pass 2^64 when n does not fit 63 bits, so compare with n - b instead. */
    long add(long a, long b) {
        long gap = n - b;
        return Long.compareUnsigned(a, gap) >= 0 ? a - gap : a + b;
    }

    /** |a - b| for residues a, b (a difference, not a residue operation: Pollard's rho takes its gcd with n). */
    static long distance(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
    }

    /**
     * a * b / 2^64 mod n for residues a, b (Montgomery's REDC). With m = low * n^-1, m * n has the
     * product's low word, so the product minus m * n is (high - high(m * n)) * 2^64 exactly: a
     * value in (-n, n), brought into [0, n) by adding n when it is negative.
     */
    long multiply(long a, long b) {
        long low = a * b;
        long high = Math.unsignedMultiplyHigh(a, b);
        long mHigh = Math.unsignedMultiplyHigh(low * inverse, n);
        long t = high - mHigh;
        return Long.compareUnsigned(high, mHigh) < 0 ? t + n : t;
    }

    /**
     * The Montgomery form of a small {@code a >= 1}: a * 2^64 mod n by doubling and adding the form
     * of 1, a handful of additions where the general conversion (a product with 2^128 mod n)
     * would first need 2^128 mod n, 64 doublings.
     */
    long ofSmall(int a) {
        long x = one;
        for (int bit = 30 - Integer.numberOfLeadingZeros(a); bit >= 0; bit--) {
            x = add(x, x);
            if ((a >>> bit & 1) != 0) {
                x = add(x, one);
            }
        }
        return x;
    }

    /** base^e for a Montgomery-form base, e unsigned; the result in Montgomery form. */
    long pow(long base, long e) {
        long x = one;
        for (long a = base; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                x = multiply(x, a);
            }
            a = multiply(a, a);
        }
        return x;
    }
}
