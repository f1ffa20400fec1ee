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
public final class Xoshiro256Plus extends Xoshiro256 {
    /** A generator with the given state words, in the order of the reference {@code s[0..3]}. */
    public Xoshiro256Plus(final long s0, final long s1, final long s2, final long s3) {
        super(s0, s1, s2, s3);
    }

    /** Returns the next 64-bit output and advances the state by one step. */
    public long nextLong() {
        final long result = s0 + s3;
        advance();
        return result;
    }
}
