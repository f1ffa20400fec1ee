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
