package dev.shmc.registry;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sum of i*i mod 1_000_003 and the unit count, like {@code TestKernels.SumKernel}, that also counts
 * the chunks it computes in this JVM ({@link #COMPUTED}) and can be slowed down (parameter
 * {@code sleepMicrosPerChunk}) so a test can kill its coordinator mid-job.
 */
public final class CountingSumKernel implements Kernel {
    /** Chunks computed in this JVM (threads mode shares it between workers). */
    public static final AtomicLong COMPUTED = new AtomicLong();

    @Override
    public int resultWords() {
        return 2;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        long s = 0;
        for (long i = from; i < to; i++) {
            s += (i * i) % 1_000_003;
        }
        out[0] = s;
        out[1] = to - from;
        long sleep = ctx.params().getLong("sleepMicrosPerChunk", 0);
        if (sleep > 0) {
            long end = System.nanoTime() + sleep * 1000;
            while (System.nanoTime() < end && !ctx.stopRequested()) {
                Thread.onSpinWait();
            }
        }
        COMPUTED.incrementAndGet();
    }

    /** The same sum computed directly. */
    public static long expected(long from, long to) {
        long s = 0;
        for (long i = from; i < to; i++) {
            s += (i * i) % 1_000_003;
        }
        return s;
    }
}
