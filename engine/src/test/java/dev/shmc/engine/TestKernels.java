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

    /**
     * Fails in the coordinator the way a kernel whose class initialiser rejects a system property
     * does (its chunk-size hint throws ExceptionInInitializerError).
     */
    public static final class BadConfigKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public long defaultChunkSize(dev.shmc.engine.api.Params params, long units) {
            throw new ExceptionInInitializerError(new IllegalArgumentException("shmc.test.size = 9 is outside [0, 8]"));
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
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

    /** Halts its JVM with exit code {@code code} on the chunk containing unit {@code haltAt}: a poison chunk. */
    public static final class HaltKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            long haltAt = ctx.params().getLong("haltAt");
            if (haltAt >= from && haltAt < to) {
                Runtime.getRuntime().halt((int) ctx.params().getLong("code", 42));
            }
            out[0] = to - from;
        }
    }

    /** Crashes its JVM in native code (a write to address 0) on the chunk containing unit {@code crashAt}. */
    public static final class SegfaultKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            long crashAt = ctx.params().getLong("crashAt");
            if (crashAt >= from && crashAt < to) {
                java.lang.foreign.MemorySegment.ofAddress(0).reinterpret(8).set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L);
            }
            out[0] = to - from;
        }
    }

    /** Spins {@code spinMillis} per chunk and never polls its stop flag. */
    public static final class SpinKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            long end = System.nanoTime() + ctx.params().getLong("spinMillis") * 1_000_000L;
            long spins = 0;
            while (System.nanoTime() < end) {
                spins++;
            }
            out[0] = spins > 0 ? to - from : 0;
        }
    }

    /**
     * Adds 1 to element i of the shared long array {@code array} for every unit i, sleeping
     * {@code sleepMillis} in the middle of each chunk: an in-place update that must not run twice.
     */
    public static final class SlowInPlaceKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            var a = ctx.longArray(ctx.params().getString("array"));
            long mid = from + (to - from) / 2;
            for (long i = from; i < to; i++) {
                if (i == mid) {
                    try {
                        Thread.sleep(ctx.params().getLong("sleepMillis"));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                a.set(i, a.get(i) + 1);
            }
            out[0] = to - from;
        }

        @Override
        public String sideEffects(dev.shmc.engine.api.Params params, long from, long to) {
            return "adds 1 to elements [" + from + ", " + to + ") of array '" + params.getString("array") + "' in place";
        }
    }

    /** Creates the file {@code marker} when it runs: the proof that a worker ran a job it should not have. */
    public static final class MarkerKernel implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(ctx.params().getString("marker")), "ran");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out[0] = to - from;
        }
    }
}
