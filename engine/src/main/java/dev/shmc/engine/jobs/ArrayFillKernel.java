package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.arrays.ArrayFill;
import dev.shmc.kernels.arrays.ArraysConfig;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * Fills a named shared double array in place, each worker its own chunks: work units are element
 * indices. Every element's value depends on its index (and the job's seed) alone, so the array is
 * the same whoever fills which part. Result: word 0 = elements filled.
 *
 * <p>Parameters: {@code array} (name), {@code fill} ({@code index}: {@code a[i] = scale * i +
 * offset}; {@code random}: uniform in [0, 1) from the seed's per-block streams; {@code constant}:
 * {@code a[i] = offset}), {@code scale}, {@code offset}, optionally {@code chunk} (elements).
 */
public final class ArrayFillKernel implements Kernel {
    /** How the array is filled. */
    public enum Fill {
        /** {@code a[i] = scale * i + offset}. */
        INDEX,
        /** Uniform doubles in [0, 1) from the seed. */
        RANDOM,
        /** {@code a[i] = offset}. */
        CONSTANT;

        /** The fill called {@code name} (case-insensitive). */
        public static Fill of(String name) {
            return KernelEnums.parse(Fill.class, name, "fill");
        }
    }

    private String array;
    private Fill fill;
    private double scale;
    private double offset;

    /** A job filling elements {@code [0, length)} of array {@code array}. */
    public static JobSpec spec(String array, long length, Fill fill, double scale, double offset, long seed) {
        return JobSpec.builder(ArrayFillKernel.class).units(0, length).seed(seed).schedule(Schedule.STATIC)
                .param("array", array).param("fill", fill.name().toLowerCase(Locale.ROOT)).param("scale", scale)
                .param("offset", offset).label("array-fill").build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void init(KernelContext ctx) {
        Params p = ctx.params();
        array = p.getString("array");
        fill = Fill.of(p.getString("fill"));
        scale = p.getDouble("scale");
        offset = p.getDouble("offset");
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        MemorySegment a = ctx.doubleArray(array).segment();
        long seed = ctx.seed();
        long lo = from;
        while (lo < to && !ctx.stopRequested()) {
            long hi = Math.min(to, lo + ArraysConfig.POLL_ELEMENTS);
            switch (fill) {
                case INDEX -> ArrayFill.index(a, lo, hi, scale, offset);
                case RANDOM -> ArrayFill.random(a, lo, hi, seed);
                case CONSTANT -> ArrayFill.constant(a, lo, hi, offset);
            }
            lo = hi;
        }
        out[0] = lo - from;
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        return ArrayReduceKernel.chunk(params);
    }
}
