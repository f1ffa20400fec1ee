package dev.shmc.engine.api;

import dev.shmc.engine.config.EngineConfig;

/**
 * How a job's units [from, to) are cut into chunks: chunk {@code c} is
 * [{@link #chunkFrom chunkFrom(c)}, {@link #chunkTo chunkTo(c)}), every chunk {@link #chunkSize}
 * units but the last. The engine folds a job's chunk results in chunk order, so this grid decides
 * the bits of a result whose combine is not exactly associative (floating-point sums).
 *
 * <p>{@link #of} is the one place the chunk size is chosen: an engine cuts its jobs with it, and a
 * cluster cuts its jobs with it too (then hands each member whole chunks of that grid), so that a
 * job has the same grid, and the same result, on one host and on any number of members.
 *
 * @param from      first unit of the job
 * @param to        end of the job's units (exclusive)
 * @param chunkSize units per chunk (at least 1)
 */
public record ChunkGrid(long from, long to, long chunkSize) {
    public ChunkGrid {
        if (from < 0 || to < from || chunkSize < 1) {
            throw new IllegalArgumentException("invalid chunk grid [" + from + ", " + to + ") of " + chunkSize);
        }
    }

    /**
     * The grid of {@code spec}: its chunk size when it sets one; else the kernel's hint
     * {@link Kernel#defaultChunkSize(Params, long)}; else {@link EngineConfig#defaultChunkSize} (256
     * chunks). Then widened, if need be, to at most {@code chunkCapacity} chunks and at most
     * {@link EngineConfig#maxChunksForResult} chunks of a {@code resultWords}-word result. None of
     * this depends on who runs the job.
     *
     * <p>Only a kernel that overrides the deprecated worker-count hint
     * {@link Kernel#defaultChunkSize(Params, long, int)} (built-in kernels whose combine is exact) is
     * given {@code workers}: the engine's worker count, or on a cluster the workers of all its
     * members when the job is submitted. Its grid then depends on them; its result does not. For
     * any other kernel that hint is the job-only one, and {@code workers} is unused.
     *
     * @param resultWords   words of the kernel's result for the job's parameters
     * @param workers       workers that run the whole job (see above)
     * @param chunkCapacity most chunks of a job ({@link EngineConfig#CHUNK_CAPACITY} unless the runner has other slots)
     */
    @SuppressWarnings("deprecation") // the worker-count hint: its default is the job-only hint
    public static ChunkGrid of(JobSpec spec, Kernel kernel, int resultWords, int workers, long chunkCapacity) {
        long units = spec.units();
        long size = spec.chunkSize();
        if (size == 0) {
            size = kernel.defaultChunkSize(spec.params(), units, workers);
        }
        if (size <= 0) {
            size = EngineConfig.defaultChunkSize(units);
        }
        return new ChunkGrid(spec.from(), spec.to(), Math.max(size, ceilDiv(units, maxChunks(resultWords, chunkCapacity))));
    }

    /** Most chunks of a job with a {@code resultWords}-word result: the chunk capacity, and the result memory's bound. */
    public static long maxChunks(int resultWords, long chunkCapacity) {
        return Math.min(chunkCapacity, EngineConfig.maxChunksForResult(resultWords));
    }

    /** Units of the job. */
    public long units() {
        return to - from;
    }

    /** Chunks of the job (0 for no units). */
    public long chunks() {
        return ceilDiv(units(), chunkSize);
    }

    /** First unit of chunk {@code c}. */
    public long chunkFrom(long c) {
        return from + c * chunkSize;
    }

    /** End of chunk {@code c} (exclusive): the next chunk's first unit, or the job's end. */
    public long chunkTo(long c) {
        long start = chunkFrom(c);
        return to - start <= chunkSize ? to : start + chunkSize; // no overflow near Long.MAX_VALUE
    }

    private static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
