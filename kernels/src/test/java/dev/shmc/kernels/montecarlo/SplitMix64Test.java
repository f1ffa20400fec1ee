package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
    // Published outputs of the reference splitmix64.c seeded with 1234567: Rosetta Code, task
    // "Pseudo-random numbers/Splitmix64" (https://rosettacode.org/wiki/Pseudo-random_numbers/Splitmix64).
    private static final long[] SEED_1234567 = {
        6457827717110365317L,
        3203168211198807973L,
        Long.parseUnsignedLong("9817491932198370423"),
        4593380528125082431L,
        Long.parseUnsignedLong("16408922859458223821"),
    };

    @Test
    void shouldMatchPublishedOutputsForSeed1234567() {
        final SplitMix64 generator = new SplitMix64(1234567L);
        for (final long expected : SEED_1234567) {
            assertEquals(expected, generator.nextLong());
        }
    }

    @Test
    void shouldMatchPublishedFirstOutputForSeedZero() {
        // the first output for seed 0, as listed with the reference outputs in several ports of splitmix64.c
        assertEquals(0xE220A8397B1DCDAFL, new SplitMix64(0).nextLong());
    }

    @Test
    void shouldMatchJdkSplittableRandomWithTheGoldenGamma() {
        // SplittableRandom(seed) uses the golden gamma and the same mixer for its first stream
        for (final long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, 0x9E3779B97F4A7C15L}) {
            final SplittableRandom jdk = new SplittableRandom(seed);
            final SplitMix64 ours = new SplitMix64(seed);
            for (int i = 0; i < 100; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + ", output " + i);
            }
        }
    }

    @Test
    void shouldJumpToTheNthOutputDirectly() {
        final SplitMix64 generator = new SplitMix64(-7L);
        for (long n = 0; n < 1000; n++) {
            assertEquals(generator.nextLong(), SplitMix64.output(-7L, n), "output " + n);
        }
    }
}
