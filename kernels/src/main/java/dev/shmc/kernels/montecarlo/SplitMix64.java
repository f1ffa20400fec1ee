package dev.shmc.kernels.montecarlo;

/**
 * SplitMix64 (Steele, Lea and Flood; Vigna's {@code splitmix64.c}): a 64-bit counter advanced by
 * the golden gamma, passed through the Stafford variant 13 mixer. It is the same function as the
 * JDK's {@link java.util.SplittableRandom#nextLong()} with the default gamma.
 *
 * <p>The Monte Carlo streams use it only to seed xoshiro256+ lane generators ({@link PiStream}); the
 * static {@link #mix(long)} is the stateless hash, the instance is the reference generator kept for
 * the known-answer tests. Instances are not thread-safe; the static methods are.
 */
public final class SplitMix64 {
    /** The increment of the SplitMix64 counter: 2^64 / φ, rounded to odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator whose first output is {@code mix(seed + GOLDEN_GAMMA)}. */
    public SplitMix64(final long seed) {
        state = seed;
    }

    /** Advances the counter by {@link #GOLDEN_GAMMA} and returns the mixed value. */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * The SplitMix64 output function (a bijection on 64-bit values, so distinct inputs give distinct
     * outputs).
     */
    public static long mix(final long z) {
        long x = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** The {@code n}-th output (0-based) of a generator constructed with {@code seed}, in O(1). */
    public static long output(final long seed, final long n) {
        return mix(seed + (n + 1) * GOLDEN_GAMMA);
    }
}
