package dev.shmc.engine.api;

import dev.shmc.engine.loader.KernelClassLoaders;

/**
 * A unit of parallel work: computes a partial result over a range [from, to) of work units. The
 * engine cuts a job's units into chunks and hands them to workers (threads or worker JVMs); the
 * partial results of all chunks are combined with {@link #combine}, which must be associative and
 * have {@link #identity} as its neutral element. A result is a row of 64-bit words, longs and
 * doubles ({@link ResultLayout}), of any size up to {@link ResultLayout#MAX_WORDS}; results travel
 * through shared memory, never through Java serialization.
 *
 * <p>A kernel class needs a public no-argument constructor and must be on the classpath of the
 * worker JVMs (they run with the coordinator's classpath), or in the job's own classpath
 * ({@link JobSpec.Builder#classpath(java.nio.file.Path...)}: jars and class directories that
 * workers started long before load it from). A kernel without per-worker state can
 * be static methods instead, named by method references:
 * {@code JobSpec.builder(ResultLayout.doubles(1), MyMath::sumOfSquares)} with an optional
 * {@code .combine(MyMath::merge)} ({@link ChunkFunction}, {@link CombineFunction}). One instance is made per worker per
 * job, so instance fields may hold per-worker state (buffers) set up in {@link #init}. A kernel
 * never knows whether it runs in a thread or in a worker JVM.
 *
 * <p><b>Faults.</b> When a worker JVM dies in the middle of a chunk (a crash, the out-of-memory
 * killer, a {@code System.exit} in a library), the engine computes that chunk again on another
 * worker, which gives the exact result only if computing a chunk twice does no harm. That holds
 * for a kernel that only produces its result words, and for one that writes shared memory
 * idempotently (the same values for the same units, like a fill {@code a[i] = f(i)}). A kernel that
 * updates shared memory in place ({@code x = 2 x}, a counter, a file) must say so in
 * {@link #sideEffects}: a job whose worker died inside such a chunk then fails, naming the chunk
 * and what it may have partly written, instead of reporting a wrong result. A chunk that takes its
 * worker down again and again (by default 3 times) fails the job too. A cancelled or stopped job's
 * workers that are still inside a chunk after a grace period are killed and replaced (worker JVMs
 * only: a worker thread cannot be killed, so in threads mode a long chunk must poll
 * {@link KernelContext#stopRequested()}).
 *
 * <pre>{@code
 * public final class SumOfSquares implements Kernel {
 *     public ResultLayout resultLayout(Params params) { return ResultLayout.doubles(1); }
 *     public void compute(KernelContext ctx, long from, long to, Result out) {
 *         double s = 0;
 *         for (long i = from; i < to; i++) s += (double) i * i;
 *         out.setDouble(0, s);
 *     }
 * }
 * }</pre>
 */
public interface Kernel {
    /**
     * How many long words a partial result has, for a kernel whose result is only longs and does
     * not depend on the job's parameters. A kernel overrides this or {@link #resultLayout(Params)}.
     */
    default int resultWords() {
        throw new UnsupportedOperationException(getClass().getName() + " declares neither resultWords() nor resultLayout(Params)");
    }

    /**
     * The shape of this kernel's result for a job with {@code params}: its size (1 to
     * {@link ResultLayout#MAX_WORDS} words) and which words are doubles; by default
     * {@link #resultWords()} longs. Called by the coordinator and by every worker, so it must
     * depend on the parameters only.
     *
     * <p><b>Memory.</b> Results of up to {@value #INLINE_RESULT_WORDS} words travel in the control
     * region's chunk slots. A larger result has a slot per chunk in a shared file of the job (in
     * the engine's region directory, removed when the job ends), so the engine bounds the number of
     * chunks: at most {@code shmc.resultMemory} bytes (64 MiB by default) of chunk results, and at
     * least one chunk. A 4096-word result gets up to 2048 chunks, a 1,000,000-word result 8. Each
     * worker holds one result of its own (the chunk it computes); the coordinator combines the
     * chunk results in chunk order at the end, into one accumulator. Such a job's chunks are not
     * checkpointed in the job store (a resumed one is computed again). Measured cost:
     * {@code shmc bench results}.
     */
    default ResultLayout resultLayout(Params params) {
        return ResultLayout.longs(resultWords());
    }

    /** Results of at most this many words travel inline in the control region (larger ones in a file of the job). */
    int INLINE_RESULT_WORDS = 14;

    /** Called once per worker before its first chunk of a job: read parameters, allocate buffers. */
    default void init(KernelContext ctx) {
    }

    /**
     * Computes the partial result over units [from, to) into {@code out} (already set to the
     * identity). Long loops should poll {@link KernelContext#stopRequested()} every few thousand
     * iterations and return early when it is true. A kernel overrides this form (typed words) or
     * {@link #compute(KernelContext, long, long, long[])} (raw longs, the lowest layer); the
     * engine calls this one, which by default calls the raw form on {@link Result#raw()}.
     */
    default void compute(KernelContext ctx, long from, long to, Result out) {
        compute(ctx, from, to, out.raw());
    }

    /** The raw form of {@link #compute(KernelContext, long, long, Result)}: the words as longs, doubles as raw bits. */
    default void compute(KernelContext ctx, long from, long to, long[] out) {
        throw new UnsupportedOperationException(getClass().getName() + " overrides neither compute method");
    }

    /** Sets {@code acc} to the neutral element of {@link #combine}; by default the raw form, zeros. */
    default void identity(Result acc) {
        identity(acc.raw());
    }

    /** Fills {@code acc} with the neutral element of {@link #combine}; zeros by default. */
    default void identity(long[] acc) {
        java.util.Arrays.fill(acc, 0L);
    }

    /**
     * Folds {@code part} into {@code acc}. The engine folds a job's chunk results in chunk order,
     * from the identity, on one grid of chunks that depends only on the job (see
     * {@link #defaultChunkSize(Params, long)}), so the result is the same bits however many workers,
     * threads or processes ran it, even when the combine is not exactly associative (floating-point
     * sums). By default: when every word is a long, the raw form
     * {@link #combine(long[], long[])}; otherwise element-wise sums, longs as longs and doubles as
     * doubles ({@link Result#addAll}). A kernel whose layout has doubles and that combines
     * otherwise overrides this form.
     */
    default void combine(Result acc, Result part) {
        if (acc.layout().allLongs()) {
            combine(acc.raw(), part.raw());
        } else {
            acc.addAll(part);
        }
    }

    /** The raw form of {@link #combine(Result, Result)}: element-wise sum by default. */
    default void combine(long[] acc, long[] part) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += part[i];
        }
    }

    /**
     * What computing units {@code [from, to)} does besides producing its result words that a second
     * computation would do again, or null (the default) when a chunk may simply be computed again
     * after its worker died in it. Say what is changed, in words a user reads in an error message,
     * for example {@code "scales elements [0, 1000) of array 'prices' in place"}. Called by the
     * coordinator (on an instance whose {@link #init} was not called), only when a worker died.
     */
    default String sideEffects(Params params, long from, long to) {
        return null;
    }

    /**
     * A chunk size in units for a job of {@code units} units with {@code params}, or 0 (the default)
     * to let the engine choose: {@code shmc.chunks} (256) chunks, fewer when each would have less
     * than one unit or when the result is large (see {@link #resultLayout}). Either way the grid
     * depends only on the job, never on the number of workers, so that results are reproducible.
     */
    default long defaultChunkSize(Params params, long units) {
        return 0;
    }

    /**
     * A chunk size that may depend on the number of workers, or 0; by default
     * {@link #defaultChunkSize(Params, long)}. Only for kernels whose combine is exact (integer
     * sums, like the built-in prime count), whose results cannot change with the grid: with a
     * floating-point combine the result's last bits would change with the worker count.
     *
     * @deprecated override {@link #defaultChunkSize(Params, long)}: a grid that depends on the
     *     workers makes a kernel's floating-point results depend on them
     */
    @Deprecated
    default long defaultChunkSize(Params params, long units, int workers) {
        return defaultChunkSize(params, units);
    }

    /**
     * A new instance of the kernel class {@code className}, loaded by the engine's class loader.
     *
     * @throws IllegalArgumentException when the class is missing, is not a kernel or has no public no-argument constructor
     */
    static Kernel instantiate(String className) {
        return instantiate(className, KernelClassLoaders.engineLoader());
    }

    /**
     * A new instance of the kernel class {@code className}, loaded by {@code loader}: the
     * {@linkplain KernelClassLoaders#forClasspath loader of a job's classpath}
     * ({@link JobSpec.Builder#classpath(java.nio.file.Path...)}), or the engine's.
     *
     * @throws IllegalArgumentException when the class is missing (the message names where it was
     *                                  looked for), is not a kernel or has no public no-argument constructor
     */
    static Kernel instantiate(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!Kernel.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(className + " is not a " + Kernel.class.getName());
            }
            return (Kernel) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("kernel class not found: " + className
                    + (loader == KernelClassLoaders.engineLoader() ? "" : " (searched " + KernelClassLoaders.searched(loader) + ")"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate kernel " + className + " (it needs a public no-argument constructor): " + e);
        }
    }
}
