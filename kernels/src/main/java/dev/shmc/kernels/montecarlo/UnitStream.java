package dev.shmc.kernels.montecarlo;

/**
 * The definition of the per-unit random streams of a job: which generator unit {@code u} of a job
 * with seed {@code S} draws from. It depends only on {@code (S, u)}, never on the chunk that holds
 * the unit, the worker that computes it or the number of workers, so a Monte Carlo kernel that
 * draws unit {@code u}'s samples from unit {@code u}'s stream gives the same samples however the
 * job is cut (the engine's {@code KernelContext.random(unit)}).
 *
 * <pre>
 *  key          = SplitMix64.mix(S ^ KEY_TAG)                               (one key per job)
 *  s[w], w=0..3 = SplitMix64.output(key, 4u + w)
 *               = SplitMix64.mix(key + (4u + w + 1) · GOLDEN_GAMMA)          (outputs 4u..4u+3 of SplitMix64(key))
 *  unit u draws from xoshiro256++ seeded with s[0..3]
 * </pre>
 *
 * <p>This is the seeding of the π stream's lanes ({@link PiStream}) with a unit for a lane, a key
 * of its own (the tag keeps it apart from the π key {@code SplitMix64.output(S, 0)} and from the
 * per-chunk seeds {@code SplitMix64.output(S, chunk)}), and xoshiro256++, whose every bit is
 * sound, instead of xoshiro256+. SplitMix64's mixer is a bijection, so a unit's 4 seed words are
 * distinct and never all zero, and no two units below 2^62 share a seed. Each unit has a
 * generator of period 2^256 of its own: streams of different units do not overlap in any
 * practical length. Seeding costs 4 mixes (a few nanoseconds), cheap enough for one stream per
 * unit of a few hundred draws. {@link #KEY_TAG}, the seeding and the generator are the stream:
 * change any of them and every recorded result changes.
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class UnitStream {
    /** XOR-ed into the job seed before mixing it into the key: the first 64 bits of the fraction of √2 (SHA-512's first IV word). */
    public static final long KEY_TAG = 0x6A09E667F3BCC908L;

    /** 64-bit state words of one unit's xoshiro256++ generator. */
    public static final int STATE_WORDS = 4;

    private UnitStream() {
    }

    /** The key of a job's unit streams, from its seed. */
    public static long streamKey(final long seed) {
        return SplitMix64.mix(seed ^ KEY_TAG);
    }

    /** State word {@code word} (0 to 3) of unit {@code unit}'s generator, for a key from {@link #streamKey(long)}. */
    public static long stateWord(final long key, final long unit, final int word) {
        return SplitMix64.output(key, unit * STATE_WORDS + word);
    }

    /** Seeds {@code rng} as unit {@code unit}'s generator (reuses one object across units). */
    public static void seed(final Xoshiro256PlusPlus rng, final long key, final long unit) {
        rng.setState(stateWord(key, unit, 0), stateWord(key, unit, 1), stateWord(key, unit, 2), stateWord(key, unit, 3));
    }

    /** A new generator for unit {@code unit} of a job with seed {@code seed}: the stream from its first draw. */
    public static Xoshiro256PlusPlus generator(final long seed, final long unit) {
        final long key = streamKey(seed);
        return new Xoshiro256PlusPlus(stateWord(key, unit, 0), stateWord(key, unit, 1), stateWord(key, unit, 2), stateWord(key, unit, 3));
    }
}
