package dev.shmc.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.kernels.montecarlo.PiEstimateTest;
import dev.shmc.kernels.montecarlo.PiKernel;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.montecarlo.PiStream;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class Nd4jPiKernelTest {
    private static final BooleanSupplier NEVER = () -> false;
    private static final int BLOCK = PiStream.BLOCK_SAMPLES;

    private final PiKernel nd4j = PiKernels.of("nd4j");

    @BeforeAll
    static void quietNd4jInitialization() {
        // ND4J logs its backend banner at INFO; keep the test output to warnings, as the engine does
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    @Test
    void shouldJoinTheKernelsOfTheKernelsModuleAsAProvidedOne() {
        assertEquals(java.util.List.of("scalar", "vector", "nd4j"), PiKernels.names());
        assertEquals("nd4j", nd4j.name());
        assertEquals(false, nd4j.reproducible(), "statistically valid, not the PiStream's count");
    }

    @Test
    void shouldEstimatePiWithinSixSigmaAtTenMillionSamples() {
        final long samples = PiEstimateTest.SAMPLES;
        PiEstimateTest.assertWithinSixSigma(countOrSkip(1, samples, 0, PiStream.blocks(samples)), samples, "nd4j");
    }

    @Test
    void shouldRepeatTheCountForTheSameSeedAndBlocks() {
        final long samples = 4L * BLOCK + 3;
        final long first = countOrSkip(11, samples, 0, 5);
        assertEquals(first, countOrSkip(11, samples, 0, 5));
        assertEquals(first, countOrSkip(11, samples, 0, 2) + countOrSkip(11, samples, 2, 5));
    }

    @Test
    void shouldCountOnlyTheSamplesOfAPartialLastBlock() {
        for (final long samples : new long[] {1, 3, BLOCK + 100}) {
            final long last = PiStream.blocks(samples) - 1;
            final long inside = countOrSkip(3, samples, last, last + 1);
            final long inBlock = PiStream.samplesInBlock(samples, last);
            assertTrue(inside >= 0 && inside <= inBlock, samples + " samples: " + inside + " of " + inBlock + " inside");
        }
        // a block of BLOCK - 1 points: within 6 sigma of pi/4 of them, so the whole array was not counted
        final long inside = countOrSkip(3, BLOCK - 1, 0, 1);
        final double p = Math.PI / 4;
        assertTrue(Math.abs(inside - p * (BLOCK - 1)) <= 6 * Math.sqrt(p * (1 - p) * (BLOCK - 1)), inside + " inside");
    }

    private long countOrSkip(final long seed, final long samples, final long fromBlock, final long toBlock) {
        try {
            return nd4j.countInside(seed, samples, fromBlock, toBlock, NEVER);
        } catch (final UnsupportedOperationException e) {
            Assumptions.abort("nd4j unsupported here: " + e.getMessage());
            throw e;
        }
    }
}
