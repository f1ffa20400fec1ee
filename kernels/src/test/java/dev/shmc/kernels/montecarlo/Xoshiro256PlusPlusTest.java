package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Xoshiro256PlusPlusTest {
    // Outputs of the reference xoshiro256plusplus.c (Blackman and Vigna, https://prng.di.unimi.it/)
    // from the state {1, 2, 3, 4}, as published in the known-answer test of the Rust crate
    // rand_xoshiro (src/xoshiro256plusplus.rs, test "reference").
    private static final long[] STATE_1_2_3_4 = {
        41943041L,
        58720359L,
        3588806011781223L,
        3591011842654386L,
        Long.parseUnsignedLong("9228616714210784205"),
        Long.parseUnsignedLong("9973669472204895162"),
        Long.parseUnsignedLong("14011001112246962877"),
        Long.parseUnsignedLong("12406186145184390807"),
        Long.parseUnsignedLong("15849039046786891736"),
        Long.parseUnsignedLong("10450023813501588000"),
    };

    // From the state {0, 0, 0, 1}: the test data of xoshiro-fortran (test/README.md, "xoshiro256++
    // without jump of the generator state"), a port checked against the same reference C code.
    private static final long[] STATE_0_0_0_1 = {
        0x0000000000800000L,
        0x0000000000800011L,
        0x0002200000800011L,
        0x0002200044000020L,
        0x00022000448008A1L,
        0x01102100802208A0L,
        0x0114002284200880L,
        0x0402896644A64095L,
        0x8A14A0A244ACC891L,
        0x8C88BA4680B20495L,
    };

    @Test
    void shouldMatchReferenceOutputsFromState1234() {
        final Xoshiro256PlusPlus generator = new Xoshiro256PlusPlus(1, 2, 3, 4);
        for (final long expected : STATE_1_2_3_4) {
            assertEquals(expected, generator.nextLong());
        }
    }

    @Test
    void shouldMatchReferenceOutputsFromState0001() {
        final Xoshiro256PlusPlus generator = new Xoshiro256PlusPlus(0, 0, 0, 1);
        for (final long expected : STATE_0_0_0_1) {
            assertEquals(expected, generator.nextLong());
        }
    }

    @Test
    void shouldRestartTheSequenceWhenStateIsReset() {
        final Xoshiro256PlusPlus generator = new Xoshiro256PlusPlus(9, 9, 9, 9);
        generator.nextLong();
        generator.setState(1, 2, 3, 4);
        assertEquals(STATE_1_2_3_4[0], generator.nextLong());
        assertEquals(STATE_1_2_3_4[1], generator.nextLong());
    }

    @Test
    void shouldBuildDoublesFromTheTop53Bits() {
        // RandomGenerator's default nextDouble: (nextLong() >>> 11) * 2^-53
        final Xoshiro256PlusPlus a = new Xoshiro256PlusPlus(1, 2, 3, 4);
        final Xoshiro256PlusPlus b = new Xoshiro256PlusPlus(1, 2, 3, 4);
        for (int i = 0; i < 10; i++) {
            assertEquals((a.nextLong() >>> 11) * 0x1.0p-53, b.nextDouble());
        }
    }

    @Test
    void shouldRejectAllZeroState() {
        assertThrows(IllegalArgumentException.class, () -> new Xoshiro256PlusPlus(0, 0, 0, 0));
    }
}
