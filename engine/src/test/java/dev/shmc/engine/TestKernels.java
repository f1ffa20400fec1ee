package dev.shmc.engine;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;

/** Kernels for engine tests (on the test classpath, so worker JVMs can load them too). */
public final class TestKernels {
    private TestKernels() {
    }

    /** Sum of f(i) = i*i mod 1_000_003 over the units, and a count; optionally slow (param sleepMicrosPerChunk). */
    public static final class SumKernel implements Kernel {
        @Override
        public int resultWords() {
            return 2;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            long sleep = ctx.params().getLong("sleepMicrosPerChunk", 0);
            long s = 0;
            for (long i = from; i < to; i++) {
                s += (i * i) % 1_000_003;
                if ((i & 0xFFF) == 0 && ctx.stopRequested()) {
                    break;
                }
            }
            out[0] = s;
            out[1] = to - from;
            if (sleep > 0) {
                long end = System.nanoTime() + sleep * 1000;
                while (System.nanoTime() < end && !ctx.stopRequested()) {
                    Thread.onSpinWait();
                }
            }
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

    /** Throws on the chunk containing unit {@code failAt}. */
    public static final class ThrowingKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            long failAt = ctx.params().getLong("failAt");
            if (failAt >= from && failAt < to) {
                throw new IllegalStateException("boom at unit " + failAt);
            }
            out[0] = to - from;
        }
    }

    /** Finds the first unit divisible by {@code target} and stops the job (result: min found, as identity Long.MAX_VALUE). */
    public static final class FindKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void identity(long[] acc) {
            acc[0] = Long.MAX_VALUE;
        }

        @Override
        public void combine(long[] acc, long[] part) {
            acc[0] = Math.min(acc[0], part[0]);
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            long target = ctx.params().getLong("target");
            for (long i = from; i < to; i++) {
                if (i == target) {
                    out[0] = i;
                    ctx.requestStop();
                    return;
                }
                if ((i & 0xFFFF) == 0 && ctx.stopRequested()) {
                    return;
                }
            }
        }
    }
}
