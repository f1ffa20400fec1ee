package dev.shmc.kernels.montecarlo;

import java.util.random.RandomGenerator;

/**
 * xoshiro256++ 1.0 (Blackman and Vigna, {@code xoshiro256plusplus.c}): 256 bits of state, period
 * 2^256 − 1, output {@code rotl(s0 + s3, 23) + s0}. Unlike xoshiro256+ ({@link Xoshiro256Plus}),
 * every output bit is of full quality, so it serves as a general {@link RandomGenerator}: the
 * JDK's default methods build {@code nextDouble()} from the top 53 bits, {@code nextInt(bound)},
 * {@code nextGaussian()} (ziggurat) and the rest from {@link #nextLong()}.
 *
 * <p>It is the generator of the per-unit streams ({@link UnitStream}). A mutable, single-thread
 * object; the state must not be all zero.
 */
public final class Xoshiro256PlusPlus extends Xoshiro256 implements RandomGenerator {
    /** A generator with the given state words, in the order of the reference {@code s[0..3]}. */
    public Xoshiro256PlusPlus(final long s0, final long s1, final long s2, final long s3) {
        super(s0, s1, s2, s3);
    }

    /** Returns the next 64-bit output and advances the state by one step. */
    @Override
    public long nextLong() {
        final long result = Long.rotateLeft(s0 + s3, 23) + s0;
        advance();
        return result;
    }
}
