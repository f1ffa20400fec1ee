package example;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The README's kernel: the sum of squares of a shared array, read in place by every worker. */
public final class SumOfSquares implements Kernel {
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
        out[0] = Double.doubleToRawLongBits(s); // results are longs; doubles travel as raw bits
    }

    @Override
    public void combine(long[] acc, long[] p) {
        acc[0] = Double.doubleToRawLongBits(Double.longBitsToDouble(acc[0]) + Double.longBitsToDouble(p[0]));
    }
}
