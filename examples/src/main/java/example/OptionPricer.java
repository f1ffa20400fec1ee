package example;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import java.util.random.RandomGenerator;

/**
 * A seeded Monte Carlo price of a European call, with a random stream per unit: a unit is a block
 * of 1024 paths drawn from {@code ctx.random(block)}, so a path's numbers depend only on the seed
 * and its block. Each block's sums are added in fixed point (longs), so the price is the same bits
 * for any worker count and any chunk size; it is checked against Black-Scholes.
 */
public final class OptionPricer {
    private static final int PATHS_PER_BLOCK = 1024;
    private static final double FIXED = 0x1p20; // payoff sums in units of 2^-20

    private OptionPricer() {
    }

    /** Sum of discounted payoffs and of their squares over blocks [from, to), in fixed point. */
    public static void price(KernelContext ctx, long from, long to, Result out) {
        double s0 = ctx.params().getDouble("spot");
        double k = ctx.params().getDouble("strike");
        double r = ctx.params().getDouble("rate");
        double sigma = ctx.params().getDouble("sigma");
        double t = ctx.params().getDouble("years");
        double drift = (r - 0.5 * sigma * sigma) * t;
        double vol = sigma * Math.sqrt(t);
        double discount = Math.exp(-r * t);
        for (long block = from; block < to; block++) {
            RandomGenerator rng = ctx.random(block);
            double sum = 0;
            double squares = 0;
            for (int p = 0; p < PATHS_PER_BLOCK; p++) {
                double payoff = discount * Math.max(0, s0 * Math.exp(drift + vol * rng.nextGaussian()) - k);
                sum += payoff;
                squares += payoff * payoff;
            }
            out.addLong(0, Math.round(sum * FIXED));
            out.addLong(1, Math.round(squares * FIXED));
        }
    }

    public static void main(String[] args) {
        long blocks = args.length > 0 ? Long.parseLong(args[0]) : 4_000;
        JobSpec.Builder job = JobSpec.builder(ResultLayout.longs(2), OptionPricer::price).units(blocks).seed(2026)
                .param("spot", 100.0).param("strike", 105.0).param("rate", 0.05).param("sigma", 0.2).param("years", 1.0);
        double paths = (double) blocks * PATHS_PER_BLOCK;
        Double first = null;
        for (int workers = 1; workers <= 2; workers++) {
            try (Engine engine = Engine.builder().workers(workers).build()) {
                for (long chunk : new long[] {0, 7}) { // the engine's grid, then chunks of 7 blocks
                    JobResult r = engine.run(job.chunkSize(chunk).build());
                    double mean = r.word(0) / FIXED / paths;
                    double se = Math.sqrt((r.word(1) / FIXED / paths - mean * mean) / paths);
                    System.out.printf("%d worker JVM(s), %s: price %.10f +- %.4f (%,.0f paths, %d chunks)%n", workers,
                            chunk == 0 ? "default chunks" : "chunks of " + chunk + " blocks", mean, se, paths, r.chunks());
                    if (first != null && mean != first) {
                        System.err.println("wrong: the price changed with the worker count or the chunk size");
                        System.exit(1);
                    }
                    first = mean;
                    double exact = blackScholesCall(100, 105, 0.05, 0.2, 1);
                    if (Math.abs(mean - exact) > 5 * se) {
                        System.err.printf("wrong: %.6f is more than 5 standard errors from Black-Scholes %.6f%n", mean, exact);
                        System.exit(1);
                    }
                }
            }
        }
        System.out.printf("Black-Scholes: %.10f; Monte Carlo price bit-identical for 1 and 2 workers and two chunk sizes%n",
                blackScholesCall(100, 105, 0.05, 0.2, 1));
    }

    static double blackScholesCall(double s, double k, double r, double sigma, double t) {
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
        double d2 = d1 - sigma * Math.sqrt(t);
        return s * normalCdf(d1) - k * Math.exp(-r * t) * normalCdf(d2);
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26 on erf, error below 1.5e-7). */
    static double normalCdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
