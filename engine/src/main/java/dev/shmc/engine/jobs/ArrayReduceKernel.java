package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.arrays.ArrayReduce;
import dev.shmc.kernels.arrays.ArraysConfig;
import dev.shmc.kernels.arrays.CompensatedSum;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * A reduction over a named shared double array, read in place by every worker: sum, dot product
 * with a second array, min or max. Work units are element indices.
 *
 * <p>Result words (doubles as raw bits), the same for every op so that the coordinator can
 * combine them without knowing the op: 0 and 1 = the sum (or dot product) as a double-double
 * {@code hi + lo}, 2 = the min, 3 = the max; an op leaves the other words at the identity
 * (0, 0, +Infinity, -Infinity). Read them with {@link #value(Op, JobResult)}.
 *
 * <p>Deterministic: the job is cut at a fixed chunk grid ({@link ArraysConfig#JOB_CHUNK}
 * elements, or the {@code chunk} parameter; never derived from the number of workers), each chunk
 * sums its fixed blocks ({@link ArrayReduce}), and the coordinator combines chunk results in chunk
 * order. So the result has the same bits with any number of workers, in threads or processes, with
 * any schedule. Parameters: {@code array}, {@code op}, {@code other} (for dot), optionally
 * {@code chunk}.
 */
public final class ArrayReduceKernel implements Kernel {
    /** What is computed. */
    public enum Op {
        SUM, DOT, MIN, MAX;

        /** The op called {@code name} (case-insensitive). */
        public static Op of(String name) {
            return KernelEnums.parse(Op.class, name, "reduction");
        }
    }

    /** Result word holding the high part of the sum. */
    public static final int SUM_HI = 0;
    /** Result word holding the low part of the sum. */
    public static final int SUM_LO = 1;
    /** Result word holding the min. */
    public static final int MIN = 2;
    /** Result word holding the max. */
    public static final int MAX = 3;

    private final CompensatedSum acc = new CompensatedSum();
    private String array;
    private String other;
    private Op op;

    /** A job computing {@code op} over elements {@code [0, length)} of {@code array} ({@code other}: dot only, else null). */
    public static JobSpec spec(String array, String other, long length, Op op) {
        return spec(array, other, length, op, ArraysConfig.JOB_CHUNK);
    }

    /** The same with an explicit chunk grid (elements; a multiple of {@link ArraysConfig#REDUCE_BLOCK} keeps blocks whole). */
    public static JobSpec spec(String array, String other, long length, Op op, long chunk) {
        if (op == Op.DOT && other == null) {
            throw new IllegalArgumentException("a dot product needs a second array");
        }
        JobSpec.Builder b = JobSpec.builder(ArrayReduceKernel.class).units(0, length).chunkSize(chunk).schedule(Schedule.STATIC)
                .param("array", array).param("op", op.name().toLowerCase(Locale.ROOT)).param("chunk", chunk)
                .label("array-" + op.name().toLowerCase(Locale.ROOT));
        if (other != null) {
            b.param("other", other);
        }
        return b.build();
    }

    /** The chunk grid of an array job: the {@code chunk} parameter, else {@link ArraysConfig#JOB_CHUNK}. */
    static long chunk(Params params) {
        return params.getLong("chunk", ArraysConfig.JOB_CHUNK);
    }

    /** The value of {@code op} in a job result. */
    public static double value(Op op, JobResult r) {
        return switch (op) {
            case SUM, DOT -> {
                double hi = r.doubleWord(SUM_HI);
                yield Double.isFinite(hi) ? hi + r.doubleWord(SUM_LO) : hi;
            }
            case MIN -> r.doubleWord(MIN);
            case MAX -> r.doubleWord(MAX);
        };
    }

    @Override
    public int resultWords() {
        return 4;
    }

    @Override
    public void identity(long[] w) {
        w[SUM_HI] = Double.doubleToRawLongBits(0.0);
        w[SUM_LO] = Double.doubleToRawLongBits(0.0);
        w[MIN] = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
        w[MAX] = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
    }

    @Override
    public void combine(long[] w, long[] part) {
        acc.set(Double.longBitsToDouble(w[SUM_HI]), Double.longBitsToDouble(w[SUM_LO]));
        acc.add(Double.longBitsToDouble(part[SUM_HI]), Double.longBitsToDouble(part[SUM_LO]));
        w[SUM_HI] = Double.doubleToRawLongBits(acc.hi());
        w[SUM_LO] = Double.doubleToRawLongBits(acc.lo());
        w[MIN] = Double.doubleToRawLongBits(Math.min(Double.longBitsToDouble(w[MIN]), Double.longBitsToDouble(part[MIN])));
        w[MAX] = Double.doubleToRawLongBits(Math.max(Double.longBitsToDouble(w[MAX]), Double.longBitsToDouble(part[MAX])));
    }

    @Override
    public void init(KernelContext ctx) {
        array = ctx.params().getString("array");
        op = Op.of(ctx.params().getString("op"));
        other = op == Op.DOT ? ctx.params().getString("other") : null;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        MemorySegment a = ctx.doubleArray(array).segment();
        MemorySegment b = other == null ? null : ctx.doubleArray(other).segment();
        acc.reset();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long lo = from;
        while (lo < to && !ctx.stopRequested()) {
            // pieces end on block boundaries, so the sum sees the same blocks as in one call
            long hi = Math.min(to, lo + ArraysConfig.POLL_ELEMENTS);
            switch (op) {
                case SUM -> ArrayReduce.sum(a, lo, hi, acc);
                case DOT -> ArrayReduce.dot(a, b, lo, hi, acc);
                case MIN -> min = Math.min(min, ArrayReduce.min(a, lo, hi));
                case MAX -> max = Math.max(max, ArrayReduce.max(a, lo, hi));
            }
            lo = hi;
        }
        out[SUM_HI] = Double.doubleToRawLongBits(acc.hi());
        out[SUM_LO] = Double.doubleToRawLongBits(acc.lo());
        out[MIN] = Double.doubleToRawLongBits(min);
        out[MAX] = Double.doubleToRawLongBits(max);
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        return chunk(params);
    }
}
