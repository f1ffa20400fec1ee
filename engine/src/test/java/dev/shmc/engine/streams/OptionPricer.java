package dev.shmc.engine.streams;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import java.util.random.RandomGenerator;

/**
 * A seeded Monte Carlo written as a user writes it: a European call under geometric Brownian
 * motion, a unit being a block of {@link #PATHS_PER_BLOCK} paths drawn from the unit's own stream
 * ({@link KernelContext#random(long)}). {@link #price} sums each block's payoffs in fixed point
 * (an exact integer combine: the same bits for any grouping of the blocks); {@link #priceInDoubles}
 * adds doubles (the same bits for any worker count on the default grid).
 */
public final class OptionPricer {
    private OptionPricer() {
    }

    /** Paths per unit. */
    public static final int PATHS_PER_BLOCK = 64;

    /** Fixed-point scale of the payoff sums: 2^32 per unit of money. */
    public static final double SCALE = 0x1p32;

    /** A job of {@code blocks} blocks; {@code exact} chooses {@link #price} over {@link #priceInDoubles}. */
    public static JobSpec.Builder spec(long blocks, long seed, boolean exact) {
        JobSpec.Builder b = exact ? JobSpec.builder(ResultLayout.longs(1), OptionPricer::price)
                : JobSpec.builder(ResultLayout.doubles(1), OptionPricer::priceInDoubles);
        return b.units(blocks).seed(seed).param("spot", 100.0).param("strike", 105.0).param("rate", 0.03).param("vol", 0.25)
                .param("years", 1.0);
    }

    /** The payoff sum of one block, from its generator. */
    public static double blockPayoffs(Params p, RandomGenerator rng) {
        double spot = p.getDouble("spot");
        double strike = p.getDouble("strike");
        double vol = p.getDouble("vol");
        double years = p.getDouble("years");
        double drift = (p.getDouble("rate") - 0.5 * vol * vol) * years;
        double diffusion = vol * Math.sqrt(years);
        double sum = 0;
        for (int i = 0; i < PATHS_PER_BLOCK; i++) {
            double terminal = spot * StrictMath.exp(drift + diffusion * rng.nextGaussian());
            sum += Math.max(terminal - strike, 0.0);
        }
        return sum;
    }

    /** Sum over the blocks of each block's payoff sum in fixed point (one long). */
    public static void price(KernelContext ctx, long from, long to, Result out) {
        long total = 0;
        for (long block = from; block < to; block++) {
            total += Math.round(blockPayoffs(ctx.params(), ctx.random(block)) * SCALE);
        }
        out.setLong(0, total);
    }

    /** Sum over the blocks of the payoffs as a double. */
    public static void priceInDoubles(KernelContext ctx, long from, long to, Result out) {
        double total = 0;
        for (long block = from; block < to; block++) {
            total += blockPayoffs(ctx.params(), ctx.random(block));
        }
        out.setDouble(0, total);
    }

    /** The discounted price from a fixed-point payoff total over {@code blocks} blocks. */
    public static double discounted(long fixedTotal, long blocks) {
        return Math.exp(-0.03) * (fixedTotal / SCALE) / (blocks * PATHS_PER_BLOCK);
    }

    /** Words {@code 2u} and {@code 2u + 1}: unit u's first and 100th draw (a result of 2 · units longs). */
    public static void draws(KernelContext ctx, long from, long to, Result out) {
        for (long u = from; u < to; u++) {
            RandomGenerator rng = ctx.random(u);
            out.setLong((int) (2 * u), rng.nextLong());
            for (int k = 1; k < 99; k++) {
                rng.nextLong();
            }
            out.setLong((int) (2 * u + 1), rng.nextLong());
        }
    }
}
