package dev.shmc.engine.api;

import dev.shmc.kernels.montecarlo.UnitStream;
import dev.shmc.shm.array.SharedBitSet;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.array.SharedIntArray;
import dev.shmc.shm.array.SharedLongArray;
import java.util.random.RandomGenerator;

/**
 * What a kernel sees of its job and its worker. One per worker per job, used by that worker's
 * thread only; the same whether the worker is a thread or a worker JVM.
 */
public interface KernelContext {
    /** The job's parameters. */
    Params params();

    /** The job's seed. */
    long seed();

    /** Index of this worker, 0 to workers-1 (inline runs are worker 0). */
    int workerIndex();

    /** Number of workers of the engine. */
    int workers();

    /** Index of the chunk being computed. */
    long chunkIndex();

    /** Total work units of the job. */
    long totalUnits();

    /**
     * A random stream for the current chunk, seeded from (seed, chunk index), shared by the
     * chunk's units. What it draws depends on how the job is cut into chunks: a different chunk
     * size (or a job whose grid changes) gives other numbers to the same unit. For results that
     * must not depend on the chunking (a seeded Monte Carlo), draw from {@link #random(long)}.
     */
    RandomGenerator random();

    /**
     * A new generator for work unit {@code unit}, whose stream is a function of (job seed, unit)
     * only: the same numbers whichever chunk, worker, worker count, mode or host computes the
     * unit, and in a later run of the job with the same seed. Different units' streams are
     * independent (xoshiro256++ generators seeded through SplitMix64, like the π stream's lanes;
     * {@link UnitStream} defines the stream). Creating one costs a few nanoseconds (4 hash steps
     * and a small object), so one per unit of a few hundred draws is cheap; the object is the
     * caller's, not thread-safe, and not shared with other calls.
     *
     * <p>The Monte Carlo pattern: let a unit be a path, or a block of paths, and draw all of it
     * from its own stream.
     *
     * <pre>{@code
     * static void price(KernelContext ctx, long from, long to, Result out) {
     *     double sum = 0;
     *     for (long block = from; block < to; block++) {
     *         RandomGenerator rng = ctx.random(block);
     *         for (int p = 0; p < PATHS_PER_BLOCK; p++) sum += payoff(rng.nextGaussian());
     *     }
     *     out.setDouble(0, sum);
     * }
     * }</pre>
     *
     * The samples are then the same for any chunk size. The default grid of chunks depends only on
     * the job, so such a result is also the same bits for any number of workers; for the same bits
     * with any chunk size too, the combine must not depend on how the units are grouped: count in
     * longs, or round each unit's sum to fixed point in a long ({@code Math.round(sum * 0x1p32)}).
     *
     * @param unit a work unit of the job (0 to 2^62; each has a stream of its own)
     */
    default RandomGenerator random(long unit) {
        return UnitStream.generator(seed(), unit);
    }

    /** True once the job should stop (cancelled, failed, or a kernel found what it searched for). Acquire load. */
    boolean stopRequested();

    /** Stops the whole job because this kernel found what it searched for: every worker stops at its next poll. */
    void requestStop();

    /** The named shared double array (attached once per worker, closed with the engine). */
    SharedDoubleArray doubleArray(String name);

    /** The named shared long array (attached once per worker, closed with the engine). */
    SharedLongArray longArray(String name);

    /**
     * The named shared int array (attached once per worker, closed with the engine).
     *
     * @throws dev.shmc.shm.region.RegionException when there is no int array of that name
     */
    SharedIntArray intArray(String name);

    /**
     * The named shared bit set (attached once per worker, closed with the engine). Its
     * {@code set} and {@code clear} are atomic, so workers may flip bits of one word at once.
     *
     * @throws dev.shmc.shm.region.RegionException when there is no bit set of that name
     */
    SharedBitSet bitSet(String name);
}
