package dev.shmc.kernels.montecarlo;

import java.util.function.BooleanSupplier;

/**
 * The readable reference: the {@link PiStream} definition written as a plain loop, one lane
 * generator at a time. The {@code vector} kernel must match it exactly.
 */
final class ScalarPiKernel implements PiKernel {
    static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean reproducible() {
        return true;
    }

    @Override
    public long countInside(final long seed, final long samples, final long fromBlock, final long toBlock, final BooleanSupplier stop) {
        PiStream.checkBlockRange(samples, fromBlock, toBlock);
        final long key = PiStream.streamKey(seed);
        final Xoshiro256Plus rng = new Xoshiro256Plus(1, 0, 0, 0);
        long inside = 0;
        for (long block = fromBlock; block < toBlock; block++) {
            if (stop.getAsBoolean()) {
                break;
            }
            inside += countBlock(rng, key, block, (int) PiStream.samplesInBlock(samples, block));
        }
        return inside;
    }

    /**
     * Points inside among the {@code blockSamples} samples of block {@code block}, with {@code rng}
     * as scratch generator. A lane's samples are independent of the other lanes', so summing lane
     * by lane gives the same count as walking the block in sample order.
     */
    static long countBlock(final Xoshiro256Plus rng, final long key, final long block, final int blockSamples) {
        long inside = 0;
        for (int lane = 0; lane < PiStream.LANES; lane++) {
            PiStream.seedLane(rng, key, block, lane);
            for (int k = PiStream.samplesInLane(blockSamples, lane); k > 0; k--) {
                final double x = PiStream.unitDouble(rng.nextLong());
                final double y = PiStream.unitDouble(rng.nextLong());
                if (PiStream.inside(x, y)) {
                    inside++;
                }
            }
        }
        return inside;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
