package dev.shmc.engine.api;

/**
 * A unit of parallel work: computes a partial result over a range [from, to) of work units. The
 * engine cuts a job's units into chunks and hands them to workers (threads or worker JVMs); the
 * partial results of all chunks are combined with {@link #combine}, which must be associative and
 * have {@link #identity} as its neutral element. Results are a few longs (doubles as raw bits):
 * they travel through shared memory as they are.
 *
 * <p>A kernel class needs a public no-argument constructor and must be on the classpath of the
 * worker JVMs (they run with the coordinator's classpath). One instance is made per worker per
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
 *     public int resultWords() { return 1; }
 *     public void compute(KernelContext ctx, long from, long to, long[] out) {
 *         long s = 0;
 *         for (long i = from; i < to; i++) s += i * i;
 *         out[0] = s;
 *     }
 * }
 * }</pre>
 */
public interface Kernel {
    /** How many longs a partial result has (1 to 14). */
    int resultWords();

    /** Called once per worker before its first chunk of a job: read parameters, allocate buffers. */
    default void init(KernelContext ctx) {
    }

    /**
     * Computes the partial result over units [from, to) into {@code out} (already filled with the
     * identity). Long loops should poll {@link KernelContext#stopRequested()} every few thousand
     * iterations and return early when it is true.
     */
    void compute(KernelContext ctx, long from, long to, long[] out);

    /** Fills {@code acc} with the neutral element of {@link #combine}; zeros by default. */
    default void identity(long[] acc) {
        java.util.Arrays.fill(acc, 0L);
    }

    /** Folds {@code part} into {@code acc}; element-wise sum by default. Must be associative. */
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

    /** A default chunk size in units for this job, or 0 to let the engine choose. */
    default long defaultChunkSize(Params params, long units, int workers) {
        return 0;
    }

    /**
     * A new instance of the kernel class {@code className}, loaded by this JVM.
     *
     * @throws IllegalArgumentException when the class is missing, is not a kernel or has no public no-argument constructor
     */
    static Kernel instantiate(String className) {
        try {
            Class<?> type = Class.forName(className);
            if (!Kernel.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(className + " is not a " + Kernel.class.getName());
            }
            return (Kernel) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("kernel class not found: " + className);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate kernel " + className + " (it needs a public no-argument constructor): " + e);
        }
    }
}
