package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every reproducible kernel estimates π within 6σ at 10^7 samples (ND4J's: shmc-nd4j's Nd4jPiKernelTest). */
public class PiEstimateTest {
    public static final long SAMPLES = 10_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void shouldEstimatePiWithinSixSigmaAtTenMillionSamples(final String name) {
        final PiKernel kernel = PiKernels.of(name);
        for (final long seed : new long[] {1, 271828}) {
            assertWithinSixSigma(kernel.countInside(seed, SAMPLES, 0, PiStream.blocks(SAMPLES), () -> false), SAMPLES, name + ", seed " + seed);
        }
    }

    public static void assertWithinSixSigma(final long inside, final long samples, final String what) {
        final double p = Math.PI / 4;
        final double sigma = 4 * Math.sqrt(p * (1 - p) / samples);
        final double estimate = 4.0 * inside / samples;
        assertTrue(Math.abs(estimate - Math.PI) <= 6 * sigma,
            what + ": estimate " + estimate + " is " + Math.abs(estimate - Math.PI) / sigma + " sigma from pi");
    }
}
