package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrimesConfigTest {
    private static final long SEGMENT = 30L * PrimesConfig.SEGMENT_BYTES;

    @Test
    void shouldAimAtSixtyFourChunksPerWorker() {
        long chunk = PrimesConfig.defaultChunkNumbers(10_000_000_000L, 10_000_000_001L, 2);
        assertEquals(10_000_000_001L / 128, chunk);
    }

    @Test
    void shouldGiveEveryWorkerTheSameNumbersWhenChunksAreFew() {
        // near 1e15 a chunk is about 1.1e9 numbers: 1e10 of them would be 9 chunks and a sliver
        long units = 10_000_000_000L;
        long chunk = PrimesConfig.defaultChunkNumbers(1_000_000_000_000_000L + units, units, 2);
        assertEquals(1_000_000_000L, chunk);
        long three = PrimesConfig.defaultChunkNumbers(1_000_000_000_000_000L + units, units, 3);
        assertEquals(12, ceilDiv(units, three));
        assertTrue(units - 11 * three >= three - 12, "last chunk " + (units - 11 * three) + " of " + three);
        long one = PrimesConfig.defaultChunkNumbers(1_000_000_000_000_000L + units, units, 1);
        assertTrue(one >= PrimesConfig.NUMBERS_PER_SIEVING_PRIME * 1_800_000L, "one worker: the restart's bound, " + one);
    }

    @Test
    void shouldCutIntoMultiplesOfTheWorkers() {
        assertEquals(10, ceilDiv(95, PrimesConfig.evenShares(95, 10, 2)));
        assertEquals(12, ceilDiv(95, PrimesConfig.evenShares(95, 10, 3)));
        assertEquals(10, PrimesConfig.evenShares(100, 10, 2));
        assertEquals(10, PrimesConfig.evenShares(95, 10, 1));
        assertEquals(100, PrimesConfig.evenShares(95, 100, 2));
        assertEquals(1, PrimesConfig.evenShares(129, 1, 2), "64 chunks each or more: as they are");
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Test
    void shouldNotExceedTheCapOnLongRangesWithCheapRestarts() {
        assertEquals(PrimesConfig.DEFAULT_CHUNK_NUMBERS, PrimesConfig.defaultChunkNumbers(1_000_000_000_000L, 1_000_000_000_000L, 2));
    }

    @Test
    void shouldGrowChunksWhereRestartsAreExpensive() {
        // near 1e15 a restart walks about 1.9e6 sieving primes: chunks beyond the cap amortise it
        long chunk = PrimesConfig.defaultChunkNumbers(1_000_000_000_000_000L, 1_000_000_000_000L, 2);
        assertTrue(chunk > PrimesConfig.DEFAULT_CHUNK_NUMBERS, "chunk " + chunk);
        assertTrue(chunk >= PrimesConfig.NUMBERS_PER_SIEVING_PRIME * 1_800_000L, "chunk " + chunk);
    }

    @Test
    void shouldStillGiveEveryWorkerAChunkOfAShortRangeNearTheTop() {
        long units = 1_000_000_000L;
        long chunk = PrimesConfig.defaultChunkNumbers(1_000_000_000_000_000L, units, 2);
        assertTrue((units + chunk - 1) / chunk >= 2, "chunk " + chunk);
    }

    @Test
    void shouldKeepAtLeastOneSegmentPerChunk() {
        assertEquals(SEGMENT, PrimesConfig.defaultChunkNumbers(1_000_000_000L, 1_000_000_000L, 8));
        assertEquals(SEGMENT, PrimesConfig.defaultChunkNumbers(1_000, 1_000, 2));
    }
}
