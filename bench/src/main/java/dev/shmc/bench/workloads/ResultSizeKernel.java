package dev.shmc.bench.workloads;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.api.Schedule;

/**
 * The job of the result-size benchmark: nearly no compute, a result of {@code words} longs per
 * chunk, so that its cost is the engine's handling of results (identity, publishing, combining).
 * Word {@code i} of a chunk's result is its unit count plus {@code i}; combined, word 0 is the
 * job's unit count.
 */
public final class ResultSizeKernel implements Kernel {
    /** A job of {@code chunks} one-unit chunks whose results have {@code words} words. */
    public static JobSpec spec(int words, int chunks) {
        return JobSpec.builder(ResultSizeKernel.class).units(0, chunks).chunkSize(1).schedule(Schedule.DYNAMIC).param("words", words)
                .label("result-" + words).build();
    }

    @Override
    public ResultLayout resultLayout(Params params) {
        return ResultLayout.longs((int) params.getLong("words"));
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, Result out) {
        long[] w = out.raw();
        long units = to - from;
        for (int i = 0; i < w.length; i++) {
            w[i] = units + i;
        }
    }
}
