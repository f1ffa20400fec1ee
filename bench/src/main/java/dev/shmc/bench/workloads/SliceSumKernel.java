package dev.shmc.bench.workloads;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.arrays.ArrayReduce;

/**
 * The ipc suite's shared-memory side: each worker sums its slice of a shared double array in place
 * (the data never moves). Units are elements; chunks are the workers' equal slices.
 * Result: word 0 = the sum's bits.
 */
public final class SliceSumKernel implements Kernel {
    private String array;

    /** Sums elements [0, length) of shared array {@code arrayName} in {@code workers} equal slices, one per worker. */
    public static JobSpec spec(String arrayName, long length, int workers) {
        long slice = Math.max(1, (length + workers - 1) / workers);
        return JobSpec.builder(SliceSumKernel.class).units(0, length).chunkSize(slice).schedule(Schedule.STATIC)
                .param("array", arrayName).label("slice-sum").build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void init(KernelContext ctx) {
        array = ctx.params().getString("array");
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        out[0] = Double.doubleToRawLongBits(ArrayReduce.sum(ctx.doubleArray(array).segment(), from, to));
    }

    @Override
    public void combine(long[] acc, long[] part) {
        acc[0] = Double.doubleToRawLongBits(Double.longBitsToDouble(acc[0]) + Double.longBitsToDouble(part[0]));
    }
}
