package dev.shmc.kernels.montecarlo;

/**
 * The definition of the Monte Carlo π sample stream: which point (x, y) is sample {@code i} of a
 * job with seed {@code S}. It depends only on {@code (S, i)}, never on how the samples are split
 * among threads, workers or kernels, so every reproducible kernel ({@code scalar}, {@code vector})
 * returns the same count for the same {@code (seed, samples)}.
 *
 * <pre>
 *  job of N samples, seed S
 *  ┌──────────── block 0 ────────────┬──────────── block 1 ────────────┬─ ... ─┬─ last block ─┐
 *  │ BLOCK_SAMPLES = 65 536 samples  │                                 │       │ N mod 65 536 │
 *  └─────────────────────────────────┴─────────────────────────────────┴─ ... ─┴──(may be partial)
 *
 *  inside a block b, sample j (0 ≤ j &lt; 65 536) belongs to lane j mod 8, as that lane's
 *  sample k = j / 8:
 *
 *     j:    0   1   2   3   4   5   6   7 │ 8   9  ...  15 │ 16 ...
 *  lane:    0   1   2   3   4   5   6   7 │ 0   1  ...   7 │  0 ...
 *     k:    0   0   0   0   0   0   0   0 │ 1   1  ...   1 │  2 ...
 *
 *  lane l of block b is a xoshiro256+ generator, seeded with 4 consecutive SplitMix64 outputs:
 *     key          = SplitMix64.mix(S + GOLDEN_GAMMA)                 (the first output of SplitMix64(S))
 *     c            = b · LANES + l                                     (the lane generator's counter)
 *     s[w], w=0..3 = SplitMix64.mix(key + (4c + w + 1) · GOLDEN_GAMMA) (outputs 4c..4c+3 of SplitMix64(key))
 *  its sample k uses its outputs 2k (x) and 2k + 1 (y):
 *     x = longBitsToDouble(0x3FF0000000000000 | (r &gt;&gt;&gt; 12)) − 1.0   (top 52 bits, in [0, 1))
 *     inside ⇔ x·x + y·y ≤ 1.0      (two roundings for the products, one for the sum; never an FMA)
 * </pre>
 *
 * <p>Eight lanes is the width of two interleaved 256-bit vectors of four 64-bit lanes, which hides
 * the latency of the xoshiro step on AVX2; the scalar kernel walks the same lanes one by one. The
 * per-lane generators draw at most 2 · 65 536 / 8 = 16 384 outputs per block from a 2^256 period,
 * and SplitMix64's mixer is a bijection, so the 4 seed words of a lane are distinct and never all
 * zero. {@link #BLOCK_SAMPLES}, {@link #LANES}, the seeding and the draw order are the stream: change
 * any of them and every recorded count changes.
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class PiStream {
    /** Independent generators per block; sample {@code j} of a block uses lane {@code j % LANES}. */
    public static final int LANES = 8;

    /** Samples per block; the last block of a job holds the remainder and may be partial. */
    public static final int BLOCK_SAMPLES = 1 << 16;

    /** 64-bit state words of one xoshiro256+ lane generator. */
    public static final int STATE_WORDS = 4;

    /** Length of the array filled by {@link #seedBlock(long, long, long[])}. */
    public static final int BLOCK_STATE_LENGTH = STATE_WORDS * LANES;

    /** The exponent bits of 1.0: OR-ed with 52 mantissa bits gives a double in [1, 2). */
    public static final long ONE_BITS = 0x3FF0000000000000L;

    /** Right shift that keeps the top 52 bits of a generator output as mantissa. */
    public static final int MANTISSA_SHIFT = 12;

    private PiStream() {
    }

    /**
     * Number of blocks of a job: {@code ceil(samples / BLOCK_SAMPLES)}.
     *
     * @param samples total samples of the job, {@code >= 0}
     */
    public static long blocks(final long samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0: " + samples);
        }
        return samples / BLOCK_SAMPLES + (samples % BLOCK_SAMPLES == 0 ? 0 : 1);
    }

    /**
     * Samples in block {@code block} of a job of {@code samples} samples: {@link #BLOCK_SAMPLES}
     * except for a partial last block.
     *
     * @param block {@code 0 <= block < blocks(samples)}
     */
    public static long samplesInBlock(final long samples, final long block) {
        final long blocks = blocks(samples);
        if (block < 0 || block >= blocks) {
            throw new IllegalArgumentException("block " + block + " outside [0, " + blocks + ") for " + samples + " samples");
        }
        return Math.min(BLOCK_SAMPLES, samples - block * BLOCK_SAMPLES);
    }

    /** Samples of lane {@code lane} in a block of {@code blockSamples} samples (lanes below the remainder get one more). */
    public static int samplesInLane(final int blockSamples, final int lane) {
        return Math.max(0, blockSamples - lane + LANES - 1) / LANES;
    }

    /**
     * Checks that {@code [fromBlock, toBlock)} is a block range of a job of {@code samples} samples.
     *
     * @throws IllegalArgumentException if not
     */
    public static void checkBlockRange(final long samples, final long fromBlock, final long toBlock) {
        final long blocks = blocks(samples);
        if (fromBlock < 0 || fromBlock > toBlock || toBlock > blocks) {
            throw new IllegalArgumentException(
                "block range [" + fromBlock + ", " + toBlock + ") outside [0, " + blocks + ") for " + samples + " samples");
        }
    }

    /** The job key derived from the user seed: the first output of {@code SplitMix64(seed)}. */
    public static long streamKey(final long seed) {
        return SplitMix64.output(seed, 0);
    }

    /** State word {@code word} of lane {@code lane} in block {@code block}, for a job key from {@link #streamKey(long)}. */
    public static long laneStateWord(final long key, final long block, final int lane, final int word) {
        return SplitMix64.output(key, (block * LANES + lane) * STATE_WORDS + word);
    }

    /** Seeds {@code rng} as lane {@code lane} of block {@code block}. */
    public static void seedLane(final Xoshiro256Plus rng, final long key, final long block, final int lane) {
        rng.setState(
            laneStateWord(key, block, lane, 0),
            laneStateWord(key, block, lane, 1),
            laneStateWord(key, block, lane, 2),
            laneStateWord(key, block, lane, 3));
    }

    /**
     * Fills {@code state[word * LANES + lane]} with the initial state of every lane of a block,
     * word-major so that each word of 4 adjacent lanes loads as one 256-bit vector.
     *
     * @param state at least {@link #BLOCK_STATE_LENGTH} longs
     */
    public static void seedBlock(final long key, final long block, final long[] state) {
        for (int word = 0; word < STATE_WORDS; word++) {
            for (int lane = 0; lane < LANES; lane++) {
                state[word * LANES + lane] = laneStateWord(key, block, lane, word);
            }
        }
    }

    /** A double in [0, 1) from the top 52 bits of a generator output (exact; no int64→double convert). */
    public static double unitDouble(final long bits) {
        return Double.longBitsToDouble(ONE_BITS | (bits >>> MANTISSA_SHIFT)) - 1.0;
    }

    /** Whether (x, y) lies in the closed quarter disc: the products and the sum rounded separately. */
    public static boolean inside(final double x, final double y) {
        return x * x + y * y <= 1.0;
    }
}
