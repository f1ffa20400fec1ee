package dev.shmc.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.shm.array.SharedDoubleArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A kernel in the raw form (long[] words, doubles as raw bits), as kernels were written before typed results: it keeps working. */
@Tag("slow")
@Timeout(120)
class RawWordsKernelTest {
    public static final class SumOfSquares implements Kernel {
        @Override
        public int resultWords() {
            return 1;
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, long[] out) {
            MemorySegment a = ctx.doubleArray(ctx.params().getString("array")).segment();
            double s = 0;
            for (long i = from; i < to; i++) {
                double v = a.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                s += v * v;
            }
            out[0] = Double.doubleToRawLongBits(s);
        }

        @Override
        public void combine(long[] acc, long[] p) {
            acc[0] = Double.doubleToRawLongBits(Double.longBitsToDouble(acc[0]) + Double.longBitsToDouble(p[0]));
        }
    }

    @Test
    void shouldRunARawWordsKernelOverASharedArrayInWorkerJvms() {
        String name = "readme-prices-" + ProcessHandle.current().pid();
        long n = 1_000_000;
        try (SharedDoubleArray prices = SharedDoubleArray.create(name, n);
             Engine engine = Engine.builder().workers(2).build()) {
            for (long i = 0; i < n; i++) {
                prices.set(i, (i % 7) * 0.5); // exact in binary, so every grouping sums the same
            }
            JobResult r = engine.run(JobSpec.builder(SumOfSquares.class).units(0, prices.length()).param("array", name).build());
            double expected = 0;
            for (long i = 0; i < n; i++) {
                expected += ((i % 7) * 0.5) * ((i % 7) * 0.5);
            }
            assertEquals(expected, r.doubleWord(0));
        }
    }
}
