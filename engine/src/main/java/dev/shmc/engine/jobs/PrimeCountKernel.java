package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.kernels.primes.PrimeStats;
import dev.shmc.kernels.primes.PrimesConfig;
import dev.shmc.kernels.primes.SegmentedSieve;
import dev.shmc.kernels.primes.SievingPrimes;

/**
 * Counts primes over a range of numbers with the segmented sieve; the units are the numbers
 * themselves, so chunks are ranges of numbers. Each worker computes the sieving primes once per
 * job and reuses one sieve across its chunks.
 * Result: count, sum (unsigned 128-bit: low, high), max (-1 if none).
 */
public final class PrimeCountKernel implements Kernel {
    private SegmentedSieve sieve;
    private boolean withSum;

    /** Primes p with from <= p <= to (inclusive, as primesieve counts), with their sum. */
    public static JobSpec spec(long from, long to, long chunkSize) {
        return spec(from, to, chunkSize, true);
    }

    /**
     * The same; without {@code withSum} the result's sum words are 0 and the count is about 6 %
     * faster (one bit count per sieve word instead of eight). Parameter {@code sum=false}.
     */
    public static JobSpec spec(long from, long to, long chunkSize, boolean withSum) {
        JobSpec.Builder b = JobSpec.builder(PrimeCountKernel.class).units(from, to + 1).chunkSize(chunkSize).param("to", to).label("primes");
        if (!withSum) {
            b.param("sum", false);
        }
        return b.build();
    }

    @Override
    public int resultWords() {
        return 4;
    }

    @Override
    public void init(KernelContext ctx) {
        long to = ctx.params().getLong("to");
        withSum = !"false".equals(ctx.params().getString("sum", "true"));
        sieve = new SegmentedSieve(SievingPrimes.upTo(to));
        if (ctx.totalUnits() >= PrimesConfig.JIT_WARM_UP_MIN_NUMBERS) {
            sieve.warmUpJit(); // once per worker JVM
        }
        warmUp(to + 1 - ctx.totalUnits(), to);
    }

    /**
     * Sieves a few segments spread up to {@code to} before the first chunk, results dropped, when
     * the job starts far below its end. Chunks are claimed in ascending order, so the JIT would
     * otherwise profile the crossing-off loops on small sieving primes only and compile them for
     * that; when the large primes arrive, every loop is deoptimised and compiled again (a fresh
     * worker's π(1e10) took 3.0 s instead of 2.4 s, and a second job 2.2 s instead of 1.6 s).
     * Costs a few segments per worker per job; a job that starts near its end needs none.
     */
    private void warmUp(long from, long to) {
        long segment = 30L * PrimesConfig.SEGMENT_BYTES;
        if (from > to / 4 || to < 4 * segment) {
            return;
        }
        for (int i = 1; i <= PrimesConfig.WARM_UP_SEGMENTS; i++) {
            long end = to / PrimesConfig.WARM_UP_SEGMENTS * i;
            sieve.count(end - segment, end, () -> false);
        }
    }

    @Override
    public void identity(long[] acc) {
        acc[0] = 0;
        acc[1] = 0;
        acc[2] = 0;
        acc[3] = -1;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        PrimeStats s = sieve.count(from, to, withSum, ctx::stopRequested);
        out[0] = s.count();
        out[1] = s.sumLow();
        out[2] = s.sumHigh();
        out[3] = s.max();
    }

    @Override
    public void combine(long[] acc, long[] part) {
        PrimeStats s = new PrimeStats(acc[0], acc[1], acc[2], acc[3]).combine(new PrimeStats(part[0], part[1], part[2], part[3]));
        acc[0] = s.count();
        acc[1] = s.sumLow();
        acc[2] = s.sumHigh();
        acc[3] = s.max();
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        return PrimesConfig.defaultChunkNumbers(params.getLong("to"), units, workers);
    }
}
