package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces under the sieve: wheel tables, pre-sieve, integer root, sieving primes, stats. */
class SieveInternalsTest {
    @Test
    void shouldStepTheWheelToEveryMultipleCoprimeToThirty() {
        for (long p : new long[] {7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 167, 6_151, 31_622_743L, 2_147_483_647L}) {
            int ri = Wheel30.residueIndex(p);
            int q = (int) (p / 30);
            for (int w = 0; w < 8; w++) {
                long k = 30 + Wheel30.RESIDUES[w];
                long multiple = p * k;
                long nextK = w == 7 ? 30 + 31 : 30 + Wheel30.RESIDUES[w + 1];
                assertEquals(p * nextK / 30 - multiple / 30, (long) q * Wheel30.K_STEP[w] + Wheel30.STEP_CARRY[8 * ri + w],
                        "step of " + p + " from wheel index " + w);
                int bit = Wheel30.RESIDUE_INDEX[(int) (multiple % 30)];
                assertEquals((byte) ~(1 << bit), Wheel30.CLEAR[8 * ri + w], "mask of " + p + " * " + k);
                long cycleStart = p * 31 / 30; // the multiple p * k with k = 1 mod 30 before this one
                assertEquals(multiple / 30 - cycleStart, Wheel30.cycleOffset(q, ri, w), "cycle offset of " + p + " * " + k);
            }
        }
    }

    @Test
    void shouldFindTheFirstMultipleOnTheWheel() {
        Random random = new Random(2);
        for (int i = 0; i < 100_000; i++) {
            long p = new long[] {7, 11, 31, 97, 65_537, 31_622_743L}[i % 6];
            long atLeast = Math.floorMod(random.nextLong(), 1L << (10 + i % 50));
            long packed = Wheel30.firstMultiple(p, atLeast);
            long k = (atLeast + p - 1) / p;
            while (BigInteger.valueOf(k).gcd(BigInteger.valueOf(30)).intValue() != 1) {
                k++;
            }
            assertEquals(p * k / 30, packed >>> 3, "byte of the first multiple of " + p + " from " + atLeast);
            assertEquals(Wheel30.RESIDUE_INDEX[(int) (k % 30)], (int) (packed & 7), "wheel index");
        }
    }

    @Test
    void shouldStepTheLargePrimesWheelToEveryMultipleCoprimeTo210() {
        for (long p : new long[] {11, 13, 167, 6_151, 1_000_003, 31_622_743L, 2_147_483_647L}) {
            int ri = Wheel30.residueIndex(p);
            int q = (int) (p / 30);
            for (long m : new long[] {0, 1, 1_000_000}) {
                for (int w = 0; w < Wheel210.SIZE; w++) {
                    long k = 210 * m + Wheel210.RESIDUES[w];
                    long nextK = k + Wheel210.GAP[w];
                    assertEquals(1, BigInteger.valueOf(nextK).gcd(BigInteger.valueOf(210)).intValue(), "next k coprime to 210");
                    for (long between = k + 1; between < nextK; between++) {
                        assertTrue(BigInteger.valueOf(between).gcd(BigInteger.valueOf(210)).intValue() != 1, "no k skipped: " + between);
                    }
                    assertEquals(p * nextK / 30 - p * k / 30, (long) q * Wheel210.GAP[w] + Wheel210.CARRY[ri << 6 | w],
                            "step of " + p + " from wheel index " + w);
                    assertEquals(Wheel210.wheelIndex(nextK), Wheel210.NEXT[w], "next wheel index");
                    int bit = Wheel30.RESIDUE_INDEX[(int) (p * k % 30)];
                    assertEquals((byte) ~(1 << bit), Wheel210.CLEAR[ri << 6 | w], "mask of " + p + " * " + k);
                    assertEquals(Wheel210.GAP[w], Wheel210.STEP_GAP[ri << 6 | w], "gap by state");
                    assertEquals(ri << 6 | Wheel210.NEXT[w], Wheel210.STEP_NEXT[ri << 6 | w], "next state");
                }
            }
        }
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long p = new long[] {11, 97, 65_537, 31_622_743L, 2_147_483_647L}[i % 5];
            long atLeast = Math.floorMod(random.nextLong(), 1L << (10 + i % 52));
            long k = (atLeast + p - 1) / p;
            while (BigInteger.valueOf(k).gcd(BigInteger.valueOf(210)).intValue() != 1) {
                k++;
            }
            assertEquals(k, Wheel210.firstCofactor(p, atLeast), "first k coprime to 210 of " + p + " from " + atLeast);
        }
    }

    @Test
    void shouldPreSieveAnyPhaseLikeCrossingOff() {
        assertPreSievesLikeCrossingOff(false);
    }

    @Test
    void shouldPreSieveWithVectorsLikeCrossingOff() {
        assertTrue(PreSieve.VECTORS_AVAILABLE, "the tests run with the Vector API's module (shmc's JVM flags)");
        assertPreSievesLikeCrossingOff(true);
    }

    @Test
    void shouldSwitchThePreSieveToVectorsOnceCompiled() {
        assertTrue(PreSieve.warmUpVectors(60_000_000_000L), "C2 compiled the vector loop within a minute");
        assertTrue(SegmentedSieve.vectorPreSieve());
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1_000_000_000L));
        assertEquals(50_847_534, sieve.count(0, 1_000_000_001L, () -> false).count(), "pi(1e9) with the vector pre-sieve");
        assertEquals(PrimesReference.primesUpTo(3000).length, sieve.count(0, 3001, () -> false).count(), "the pre-sieved primes restored");
    }

    /** {@link PreSieve#fill} the word or the vector way, at any phase, offset and length, against the definition. */
    private static void assertPreSievesLikeCrossingOff(boolean vectors) {
        Random random = new Random(4);
        int[] preSieved = PreSieve.PRIMES;
        int[] upToMax = PrimesReference.primesUpTo(PrimesConfig.PRESIEVE_MAX_PRIME);
        assertArrayEquals(java.util.Arrays.copyOfRange(upToMax, 3, upToMax.length), preSieved, "7 .. PRESIEVE_MAX_PRIME");
        for (int i = 0; i < 100; i++) {
            long firstByte = i < 3 ? i : Math.floorMod(random.nextLong(), 1L << (10 + i % 48));
            int n = 1 + random.nextInt(i < 6 ? PrimesConfig.L1_BLOCK_BYTES : 2000);
            int off = random.nextInt(64);
            byte[] dst = new byte[off + n + PreSieve.SLACK];
            PreSieve.fill(dst, off, firstByte, n, vectors);
            for (int j = 0; j < n; j++) {
                int expected = 0;
                for (int b = 0; b < 8; b++) {
                    long number = 30 * (firstByte + j) + Wheel30.RESIDUES[b];
                    boolean coprime = true;
                    for (int p : preSieved) {
                        coprime &= number % p != 0;
                    }
                    expected |= coprime ? 1 << b : 0;
                }
                assertEquals((byte) expected, dst[off + j], "byte " + (firstByte + j));
            }
        }
    }

    @Test
    void shouldTakeExactSquareRootsOfEveryLong() {
        Random random = new Random(6);
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextLong() >>> (1 + random.nextInt(63));
            assertEquals(BigInteger.valueOf(n).sqrt().longValueExact(), IntegerRoot.floorSqrt(n), "sqrt " + n);
        }
        for (long r : new long[] {0, 1, 2, 94_906_265L, 94_906_266L, 3_037_000_499L}) {
            for (long d = -1; d <= 1; d++) {
                long n = r * r + d;
                if (n >= 0) {
                    assertEquals(BigInteger.valueOf(n).sqrt().longValueExact(), IntegerRoot.floorSqrt(n), "sqrt " + n);
                }
            }
        }
        assertEquals(3_037_000_499L, IntegerRoot.floorSqrt(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> IntegerRoot.floorSqrt(-1));
    }

    @Test
    void shouldHoldThePrimesUpToTheRootOfTheLimit() {
        assertEquals(0, SievingPrimes.upTo(3).size());
        assertEquals(1, SievingPrimes.upTo(4).size());
        assertEquals(25, SievingPrimes.upTo(10_000).size());
        assertEquals(25, SievingPrimes.upTo(97L * 97 + 100).size());
        assertEquals(24, SievingPrimes.upTo(97L * 97 - 1).size());
        assertEquals(25, SievingPrimes.upTo(97L * 97).size());
        assertThrows(IllegalArgumentException.class, () -> SievingPrimes.upTo(-1));
        assertThrows(IllegalArgumentException.class, () -> SievingPrimes.upTo(SievingPrimes.MAX_LIMIT + 1));
        // above 2^40 the sieving primes come from the segmented sieve itself
        long limit = 1_000_000_000_000_000L;
        SievingPrimes primes = SievingPrimes.upTo(limit);
        int[] expected = PrimesReference.primesUpTo((int) IntegerRoot.floorSqrt(limit));
        assertArrayEquals(expected, primes.array());
        assertEquals(limit, primes.limit());
        assertEquals(31_622_743, primes.largest());
    }

    @Test
    void shouldAddStatsWithCarryIntoTheHighWord() {
        PrimeStats a = new PrimeStats(1, -1L, 0, 7); // sum 2^64 - 1
        PrimeStats b = new PrimeStats(2, 3, 0, 11);
        PrimeStats sum = a.combine(b);
        assertEquals(new PrimeStats(3, 2, 1, 11), sum);
        assertEquals(BigInteger.ONE.shiftLeft(64).add(BigInteger.TWO), sum.sum());
        assertEquals(sum, b.combine(a));
        assertEquals(a, a.combine(PrimeStats.EMPTY));
        assertEquals(BigInteger.ZERO, PrimeStats.EMPTY.sum());
        assertEquals(-1, PrimeStats.EMPTY.max());
        assertEquals(new BigInteger("ffffffffffffffffffffffffffffffff", 16), new PrimeStats(1, -1, -1, 2).sum());
        assertThrows(IllegalArgumentException.class, () -> new PrimeStats(0, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new PrimeStats(1, 2, 0, -1));
    }
}
