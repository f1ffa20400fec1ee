package dev.shmc.kernels.montecarlo;

/**
 * The linear engine of the xoshiro256 generators (Blackman and Vigna): 256 bits of state and its
 * step, period 2^256 − 1. The subclasses add the output function (the scrambler):
 * {@link Xoshiro256Plus} {@code s0 + s3}, {@link Xoshiro256PlusPlus} {@code rotl(s0 + s3, 23) + s0}.
 * A mutable, single-thread object; the state must not be all zero.
 */
abstract sealed class Xoshiro256 permits Xoshiro256Plus, Xoshiro256PlusPlus {
    long s0;
    long s1;
    long s2;
    long s3;

    Xoshiro256(final long s0, final long s1, final long s2, final long s3) {
        setState(s0, s1, s2, s3);
    }

    /** Replaces the state, in the order of the reference {@code s[0..3]}; lets one object be reseeded without allocating. */
    public final void setState(final long s0, final long s1, final long s2, final long s3) {
        if ((s0 | s1 | s2 | s3) == 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " state must not be all zero");
        }
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** Advances the state by one step (add, xor, shift and rotate only: it vectorizes on AVX2). */
    final void advance() {
        final long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
    }
}
