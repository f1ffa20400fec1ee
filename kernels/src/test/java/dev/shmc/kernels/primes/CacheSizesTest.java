package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cache sizes the sieve is sized from: sysfs's notation, and the powers of two derived from them. */
class CacheSizesTest {
    @Test
    void shouldReadSizesAsSysfsWritesThem() {
        assertEquals(32 << 10, CacheSizes.parse("32K"));
        assertEquals(32L << 20, CacheSizes.parse("32768K"));
        assertEquals(1L << 20, CacheSizes.parse("1M"));
        assertEquals(512, CacheSizes.parse("512"));
    }

    @Test
    void shouldSizeTheSieveFromTheCachesOrKeepItsDefaults() {
        assertEquals(512 << 10, CacheSizes.powerOfTwoAtMost(1L << 20 >> 1, 256 << 10, 64 << 10, 4 << 20), "half of a 1 MiB L2");
        assertEquals(256 << 10, CacheSizes.powerOfTwoAtMost(384L << 10, 1, 64 << 10, 4 << 20), "half of 768 KiB: the power of two below");
        assertEquals(256 << 10, CacheSizes.powerOfTwoAtMost(0, 256 << 10, 64 << 10, 4 << 20), "unknown: the default");
        assertEquals(64 << 10, CacheSizes.powerOfTwoAtMost(4 << 10, 256 << 10, 64 << 10, 4 << 20), "never below the floor");
        assertTrue(Integer.bitCount(PrimesConfig.SEGMENT_BYTES) == 1 && Integer.bitCount(PrimesConfig.L1_BLOCK_BYTES) == 1);
        assertTrue(PrimesConfig.L1_BLOCK_BYTES <= PrimesConfig.SEGMENT_BYTES);
        if (CacheSizes.L2 > 0) {
            assertTrue(PrimesConfig.SEGMENT_BYTES <= Math.max(64 << 10, CacheSizes.L2 / 2) || System.getProperty("shmc.primes.segmentBytes") != null,
                    "a segment fits in half the L2: " + PrimesConfig.SEGMENT_BYTES);
        }
    }
}
