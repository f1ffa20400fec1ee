package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.arrays.ArrayMap;
import dev.shmc.kernels.arrays.ArraysConfig;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * An element-wise map over named shared double arrays, in place, each worker its own chunks:
 * {@code scale} ({@code x = alpha * x}) or {@code axpy} ({@code y = alpha * x + y}). Work units are
 * element indices; each element is one correctly rounded operation, so the result does not depend
 * on who maps what. Result: word 0 = elements mapped. A chunk changes its elements in place, so it
 * may not be computed twice ({@link #sideEffects}): a job whose worker died inside a chunk fails,
 * saying which elements of which array may be partly mapped.
 *
 * <p>Parameters: {@code op}, {@code x}, {@code y} (axpy only), {@code alpha}, optionally {@code chunk}.
 */
public final class ArrayMapKernel implements Kernel {
    /** What is computed. */
    public enum Op {
        /** {@code x = alpha * x}. */
        SCALE,
        /** {@code y = alpha * x + y}. */
        AXPY;

        /** The op called {@code name} (case-insensitive). */
        public static Op of(String name) {
            return KernelEnums.parse(Op.class, name, "map");
        }
    }

    private Op op;
    private String x;
    private String y;
    private double alpha;

    /** A job applying {@code op} with {@code alpha} to elements {@code [0, length)} ({@code y}: axpy only, else null). */
    public static JobSpec spec(Op op, double alpha, String x, String y, long length) {
        if (op == Op.AXPY && y == null) {
            throw new IllegalArgumentException("axpy needs a second array");
        }
        JobSpec.Builder b = JobSpec.builder(ArrayMapKernel.class).units(0, length).schedule(Schedule.STATIC)
                .param("op", op.name().toLowerCase(Locale.ROOT)).param("x", x).param("alpha", alpha)
                .label("array-" + op.name().toLowerCase(Locale.ROOT));
        if (y != null) {
            b.param("y", y);
        }
        return b.build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void init(KernelContext ctx) {
        Params p = ctx.params();
        op = Op.of(p.getString("op"));
        x = p.getString("x");
        y = op == Op.AXPY ? p.getString("y") : null;
        alpha = p.getDouble("alpha");
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        MemorySegment xs = ctx.doubleArray(x).segment();
        MemorySegment ys = y == null ? null : ctx.doubleArray(y).segment();
        long lo = from;
        while (lo < to && !ctx.stopRequested()) {
            long hi = Math.min(to, lo + ArraysConfig.POLL_ELEMENTS);
            switch (op) {
                case SCALE -> ArrayMap.scale(xs, lo, hi, alpha);
                case AXPY -> ArrayMap.axpy(alpha, xs, ys, lo, hi);
            }
            lo = hi;
        }
        out[0] = lo - from;
    }

    @Override
    public String sideEffects(Params params, long from, long to) {
        Op o = Op.of(params.getString("op"));
        String array = o == Op.AXPY ? params.getString("y") : params.getString("x");
        String what = o == Op.AXPY ? "adds alpha x to elements" : "scales elements";
        return what + " [" + from + ", " + to + ") of array '" + array + "' in place";
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        return ArrayReduceKernel.chunk(params);
    }
}
