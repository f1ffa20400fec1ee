package dev.shmc.kernels.montecarlo;

import java.util.function.BooleanSupplier;

/**
 * Counts Monte Carlo darts inside the quarter disc over a range of blocks of a job's sample stream
 * ({@link PiStream}). A kernel knows nothing of threads, workers or processes: the caller splits a
 * job's blocks {@code [0, PiStream.blocks(samples))} into ranges and adds up the counts.
 *
 * <p>Implementations are stateless and may be called concurrently from several threads.
 */
public interface PiKernel {
    /** The kernel's name on the command line: {@code scalar}, {@code vector} or {@code nd4j}. */
    String name();

    /**
     * Points inside the quarter circle among the samples of blocks {@code [fromBlock, toBlock)} of a
     * job of {@code samples} samples with seed {@code seed}. Polls {@code stop} about once per block
     * or less often, before starting a block; once it answers {@code true} the method returns the
     * count of the blocks finished so far.
     *
     * @param seed      the job seed
     * @param samples   total samples of the job (not of the range), {@code >= 0}
     * @param fromBlock first block, inclusive
     * @param toBlock   last block, exclusive; {@code 0 <= fromBlock <= toBlock <= PiStream.blocks(samples)}
     * @param stop      polled between blocks
     * @return points with {@code x*x + y*y <= 1}
     * @throws IllegalArgumentException if the block range is not within the job
     */
    long countInside(long seed, long samples, long fromBlock, long toBlock, BooleanSupplier stop);

    /**
     * Whether the count is exactly the one defined by {@link PiStream} (the same for every kernel
     * that answers {@code true}); {@code false} for kernels that are only statistically equivalent.
     */
    boolean reproducible();
}
