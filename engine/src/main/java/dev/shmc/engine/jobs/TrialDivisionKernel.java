package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.kernels.primes.TrialDivision;

/**
 * Primality by trial division, the book's experiment done right: the odd candidates 3..sqrt(n)
 * are the units, cut into chunks over the workers; the worker that finds a factor raises the
 * job's stop flag and the others stop at their next poll. Result: a factor, or 0 if none.
 *
 * <p>n is an unsigned 64-bit number (up to 2^64 - 1, whose candidates go up to 2^32 - 1); the job
 * parameter {@code n} holds its unsigned decimal digits.
 */
public final class TrialDivisionKernel implements Kernel {
    /**
     * The job for odd n (unsigned; even n and n < 9 have no candidates to share: see
     * {@link TrialDivision#smallFactor}), with chunks of {@code chunkSize} candidates (0: the default).
     */
    public static JobSpec spec(long n, long chunkSize) {
        return spec(n, 0, chunkSize);
    }

    /**
     * Like {@link #spec(long, long)} over the candidates from index {@code firstCandidate} on: those
     * before it were tried already (the caller's short pass in one thread).
     */
    public static JobSpec spec(long n, long firstCandidate, long chunkSize) {
        return JobSpec.builder(TrialDivisionKernel.class).units(firstCandidate, TrialDivision.candidates(n)).chunkSize(chunkSize)
                .param("n", Long.toUnsignedString(n)).label("is-prime").build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        long factor = TrialDivision.findFactor(Long.parseUnsignedLong(ctx.params().getString("n")), from, to, ctx::stopRequested);
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
