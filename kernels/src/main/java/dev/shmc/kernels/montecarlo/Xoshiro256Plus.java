package dev.shmc.kernels.montecarlo;

/**
 * xoshiro256+ 1.0 (Blackman and Vigna, {@code xoshiro256plus.c}): 256 bits of state, period
 * 2^256 − 1, output {@code s0 + s3}. Its lowest bits are weak linear bits, so the Monte Carlo
 * streams keep only the top 52 ({@link PiStream#unitDouble(long)}).
 *
 * <p>The step uses only add, xor, shift and rotate, which is why it vectorizes on AVX2 (no 64-bit
 * lane multiply there). This class is the scalar reference: the vector kernel performs the same
 * step on 4 lanes at a time. A mutable, single-thread object; the state must not be all zero.
 */
public final class Xoshiro256Plus {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /** A generator with the given state words, in the order of the reference {@code s[0..3]}. */
    public Xoshiro256Plus(final long s0, final long s1, final long s2, final long s3) {
        setState(s0, s1, s2, s3);
    }

    /** Replaces the state; lets one object be reseeded per lane without allocating. */
    public void setState(final long s0, final long s1, final long s2, final long s3) {
        if ((s0 | s1 | s2 | s3) == 0) {
            throw new IllegalArgumentException("xoshiro256+ state must not be all zero");
        }
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** Returns the next 64-bit output and advances the state by one step. */
    public long nextLong() {
        final long result = s0 + s3;
        final long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }
}
