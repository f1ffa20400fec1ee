package dev.shmc.kernels.arrays;

/**
 * Every tunable of the array kernels in one place. Each is read once, at class initialisation;
 * the ones a benchmark may want to sweep can be overridden with a system property.
 *
 * <p>Sizes are in elements (doubles, 8 bytes each).
 */
public final class ArraysConfig {
    private ArraysConfig() {
    }

    /**
     * Elements of one reduction block (a power of two, 64 to 2^20): a block is summed in 8
     * independent lanes and its sum is added to a {@link CompensatedSum}; blocks are aligned to
     * index 0 of the array, so the blocks, and with them the rounding, do not depend on how a
     * range is cut. Larger blocks amortise the compensated add (about 20 flops per block) better (in L1, 2048 sums 35% faster than 256),
     * smaller ones bound the plain-summation error tighter ({@code BLOCK / 8} adds per lane).
     * {@code -Dshmc.arrays.reduceBlock}.
     */
    public static final int REDUCE_BLOCK = powerOfTwo("shmc.arrays.reduceBlock", 512, 64, 1 << 20);

    /**
     * Elements of one random-fill block (a power of two, 1 to 2^30): each block has its own
     * SplitMix64 stream, seeded from (seed, block), so any element's value is a function of
     * (seed, index) alone and a fill can start anywhere. The value only names the stream layout:
     * changing it changes every random array.
     */
    public static final int FILL_BLOCK = 1 << 16;

    /**
     * Use the Vector API (256-bit species) for sum, dot, min, max, scale and axpy. The scalar and
     * vector paths give bit-identical results (same lanes, same order, FMA in both), so this is a
     * speed switch only. {@code -Dshmc.arrays.vector=false} selects the scalar loops.
     */
    public static final boolean VECTOR = !"false".equals(System.getProperty("shmc.arrays.vector"));

    /**
     * Elements per engine chunk of the array jobs (a multiple of {@link #REDUCE_BLOCK}): fixed, never
     * derived from the number of workers, so that a reduction combines the same chunk results in the
     * same order with any number of workers. 2^20 doubles (8 MiB) take about a millisecond at
     * memory bandwidth: large enough that the per-chunk cost (a few microseconds) vanishes, small
     * enough that a 6.4 GB array has hundreds of chunks to share out.
     * {@code -Dshmc.arrays.jobChunk}.
     */
    public static final long JOB_CHUNK = multipleOfBlock("shmc.arrays.jobChunk", 1 << 20);

    /**
     * Elements a kernel processes between two polls of the stop flag (a multiple of
     * {@link #REDUCE_BLOCK}): a poll is an acquire load; 2^18 doubles take about 0.2 ms.
     */
    public static final long POLL_ELEMENTS = multipleOfBlock("shmc.arrays.pollElements", 1 << 18);

    private static int powerOfTwo(String property, int defaultValue, int min, int max) {
        int value = Integer.getInteger(property, defaultValue);
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(property + " = " + value + " must be a power of two in [" + min + ", " + max + "]");
        }
        return value;
    }

    private static long multipleOfBlock(String property, long defaultValue) {
        long value = Long.getLong(property, defaultValue);
        if (value < REDUCE_BLOCK || value % REDUCE_BLOCK != 0) {
            throw new IllegalArgumentException(property + " = " + value + " must be a positive multiple of " + REDUCE_BLOCK);
        }
        return value;
    }
}
