package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.kernels.montecarlo.PiKernel;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.montecarlo.PiStream;

/**
 * Monte Carlo pi on the engine. Work units are the stream's blocks ({@link PiStream}), so the
 * count of points inside depends only on (seed, samples): never on workers, chunks or mode.
 * Result: word 0 = points inside the quarter circle.
 */
public final class PiJobKernel implements Kernel {
    private PiKernel kernel;
    private long samples;

    /** A job counting {@code samples} darts with {@code seed} using kernel {@code kernelName}. */
    public static JobSpec spec(long samples, long seed, String kernelName) {
        PiKernels.of(kernelName); // fail fast on a bad name
        return JobSpec.builder(PiJobKernel.class).units(0, PiStream.blocks(samples)).seed(seed)
                .param("samples", samples).param("kernel", kernelName).label("pi").build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void init(KernelContext ctx) {
        kernel = PiKernels.of(ctx.params().getString("kernel"));
        samples = ctx.params().getLong("samples");
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        out[0] = kernel.countInside(ctx.seed(), samples, from, to, ctx::stopRequested);
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        // ~16 chunks per worker balances well; each block is already tens of thousands of samples.
        return Math.max(1, units / (16L * workers));
    }
}
