package dev.shmc.bench.workloads;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Schedule;

/** The empty job of the dispatch benchmark: one chunk per worker, nothing computed. Result: units seen. */
public final class NoOpKernel implements Kernel {
    /** A job of one one-unit chunk per worker (static: worker w takes chunk w). */
    public static JobSpec spec(int workers) {
        return JobSpec.builder(NoOpKernel.class).units(0, workers).chunkSize(1).schedule(Schedule.STATIC).label("noop").build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        out[0] = to - from;
    }
}
