package dev.shmc.engine.kernels;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.kernels.primes.TrialDivision;

/**
 * Primality by trial division, the book's experiment done right: the odd candidates 3..sqrt(n)
 * are the units, cut into chunks over the workers; the worker that finds a factor raises the
 * job's stop flag and the others stop at their next poll. Result: a factor, or 0 if none.
 */
public final class TrialDivisionKernel implements Kernel {
    /** Chunk size in candidates for the early-stop study; 0 = the default. */
    public static JobSpec spec(long n, long chunkSize) {
        return JobSpec.builder(TrialDivisionKernel.class).units(0, TrialDivision.candidates(n)).chunkSize(chunkSize)
                .param("n", n).label("is-prime").build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        long factor = TrialDivision.findFactor(ctx.params().getLong("n"), from, to, ctx::stopRequested);
        out[0] = factor;
        if (factor != 0) {
            ctx.requestStop();
        }
    }

    /** The smallest non-zero factor found wins. */
    @Override
    public void combine(long[] acc, long[] part) {
        if (part[0] != 0 && (acc[0] == 0 || part[0] < acc[0])) {
            acc[0] = part[0];
        }
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        // Small chunks so a factor near the start is found soon whichever worker has it.
        return Math.max(1 << 16, units / (64L * workers));
    }
}
