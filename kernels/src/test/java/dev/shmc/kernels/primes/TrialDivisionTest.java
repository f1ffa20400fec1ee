package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class TrialDivisionTest {
    private static final BooleanSupplier NEVER = () -> false;

    /** Trial division the way the engine splits it: the small cases, then every candidate. */
    private static boolean isPrime(long n) {
        long small = TrialDivision.smallFactor(n);
        if (small != 0) {
            return false;
        }
        return n >= 2 && TrialDivision.findFactor(n, 0, TrialDivision.candidates(n), NEVER) == 0;
    }

    private static long indexOf(long candidate) {
        return (candidate - 3) / 2;
    }

    @Test
    void shouldCountCandidatesUpToTheExactRoot() {
        long[][] expected = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {8, 0}, {9, 1}, {24, 1}, {25, 2}, {48, 2}, {49, 3}};
        for (long[] pair : expected) {
            assertEquals(pair[1], TrialDivision.candidates(pair[0]), "candidates(" + pair[0] + ")");
        }
        for (long r : new long[] {1_000_003, 2_147_483_647L, 3_037_000_493L, 3_037_000_499L}) {
            assertEquals((r - 1) / 2, TrialDivision.candidates(r * r));
            assertEquals((r - 2) / 2, TrialDivision.candidates(r * r - 1));
        }
        assertEquals((3_037_000_499L - 1) / 2, TrialDivision.candidates(Long.MAX_VALUE));
        assertEquals(3, TrialDivision.candidate(0));
        assertEquals(2 * 1_518_500_249L + 3, TrialDivision.candidate(1_518_500_249L));
    }

    @Test
    void shouldLeaveZeroOneAndEvenNumbersToSmallFactor() {
        assertEquals(1, TrialDivision.smallFactor(0));
        assertEquals(1, TrialDivision.smallFactor(1));
        assertEquals(0, TrialDivision.smallFactor(2));
        assertEquals(0, TrialDivision.smallFactor(3));
        assertEquals(2, TrialDivision.smallFactor(4));
        assertEquals(2, TrialDivision.smallFactor(Long.MAX_VALUE - 1));
        assertEquals(0, TrialDivision.smallFactor(Long.MAX_VALUE));
    }

    @Test
    void shouldReadNumbersFromTwoToThe63AsUnsigned() {
        assertEquals(0, TrialDivision.smallFactor(-1L), "2^64 - 1 is odd");
        assertEquals(2, TrialDivision.smallFactor(-2L), "2^64 - 2 is even");
        assertEquals(2, TrialDivision.smallFactor(Long.MIN_VALUE), "2^63");
        assertEquals((0xFFFF_FFFFL - 1) / 2, TrialDivision.candidates(-1L), "odd candidates up to 2^32 - 1");
        long r = 4_294_967_291L; // the largest prime below 2^32: r^2 is above 2^63
        assertEquals((r - 1) / 2, TrialDivision.candidates(r * r));
        assertEquals((r - 2) / 2, TrialDivision.candidates(r * r - 1));
        Random random = new Random(12);
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextLong() | Long.MIN_VALUE;
            long root = MillerRabinTest.unsigned(n).sqrt().longValueExact();
            assertEquals(root, TrialDivision.floorSqrtUnsigned(n), MillerRabinTest.unsigned(n).toString());
            long square = root * root; // and just around the square of that root
            assertEquals(root, TrialDivision.floorSqrtUnsigned(square));
            assertEquals(root - 1, TrialDivision.floorSqrtUnsigned(square - 1));
        }
    }

    /** Products of two primes near 2^32 (at or above 2^63): the factor is among the last of 2^31 candidates. */
    @Test
    void shouldFindFactorsNearTwoToThe32OfNumbersAboveTwoToThe63() {
        long[][] pairs = {{4_294_967_291L, 4_294_967_279L}, {4_294_967_291L, 4_294_967_291L}, {3_037_000_453L, 4_294_967_291L},
            {4_294_967_279L, 4_294_967_231L}};
        for (long[] pair : pairs) {
            long n = pair[0] * pair[1];
            assertTrue(Long.compareUnsigned(n, Long.MIN_VALUE) >= 0, "n = " + MillerRabinTest.unsigned(n) + " is at least 2^63");
            long factor = Math.min(pair[0], pair[1]);
            long all = TrialDivision.candidates(n);
            long at = indexOf(factor);
            long chunk = 1 << 20;
            long chunkStart = at / chunk * chunk;
            assertEquals(factor, TrialDivision.findFactor(n, chunkStart, Math.min(all, chunkStart + chunk), NEVER),
                    "n = " + MillerRabinTest.unsigned(n));
            assertEquals(0, TrialDivision.findFactor(n, chunkStart - chunk, chunkStart, NEVER), "before");
            assertEquals(factor, TrialDivision.findFactor(n, at, at + 1, NEVER), "the factor's own candidate");
            assertEquals(0, TrialDivision.findFactor(n, at - 1000, at, NEVER), "just before the factor");
        }
        long max = -1L; // 2^64 - 1 = 3 * 5 * 17 * 257 * 641 * 65537 * 6700417
        assertEquals(3, TrialDivision.findFactor(max, 0, TrialDivision.candidates(max), NEVER));
        assertEquals(3 * 5 * 17 * 641, TrialDivision.findFactor(max, indexOf(65_539), TrialDivision.candidates(max), NEVER),
                "the smallest divisor above 65537");
        assertEquals(6_700_417, TrialDivision.findFactor(max, indexOf(6_700_417), TrialDivision.candidates(max), NEVER));
    }

    @Test
    void shouldFindNoFactorOfTheLargestPrimeBelowTwoToThe64InItsFirstAndLastCandidates() {
        long p = -59L; // 2^64 - 59
        long all = TrialDivision.candidates(p);
        assertEquals((0xFFFF_FFFFL - 1) / 2, all);
        assertEquals(0, TrialDivision.findFactor(p, 0, 2_000_000, NEVER), "first candidates");
        assertEquals(0, TrialDivision.findFactor(p, all - 2_000_000, all + 1000, NEVER), "last candidates");
        long composite = 4_294_967_291L * 4_294_967_279L;
        assertEquals(0, TrialDivision.findFactor(composite, 0, 2_000_000, NEVER));
    }

    @Test
    void shouldAgreeWithMillerRabinOnEveryNumberBelowTwoHundredThousand() {
        for (long n = 0; n < 200_000; n++) {
            assertEquals(MillerRabin.isPrime(n), isPrime(n), "n = " + n);
        }
    }

    @Test
    void shouldAgreeWithMillerRabinOnRandomNumbersBelowTenToTheTwelve() {
        Random random = new Random(9);
        for (int i = 0; i < 2000; i++) {
            long n = Math.floorMod(random.nextLong(), 1_000_000_000_000L);
            assertEquals(MillerRabin.isPrime(n), isPrime(n), "n = " + n);
        }
    }

    @Test
    void shouldFindFactorsOfCarmichaelNumbersAndStrongPseudoprimes() {
        for (long n : MillerRabinTest.CARMICHAEL) {
            long factor = TrialDivision.findFactor(n, 0, TrialDivision.candidates(n), NEVER);
            assertEquals(smallestFactor(n), factor, "Carmichael number " + n);
        }
        for (long n : MillerRabinTest.STRONG_PSEUDOPRIMES) {
            long factor = TrialDivision.findFactor(n, 0, TrialDivision.candidates(n), NEVER);
            assertEquals(smallestFactor(n), factor, "strong pseudoprime " + n);
        }
    }

    private static long smallestFactor(long n) {
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return d;
            }
        }
        return 0;
    }

    @Test
    void shouldFindNoFactorOfPrimes() {
        for (long p : new long[] {999_999_999_999_989L, 1_000_000_000_000_037L, 4_294_967_311L, 2_147_483_647L}) {
            assertEquals(0, TrialDivision.findFactor(p, 0, TrialDivision.candidates(p), NEVER), "prime " + p);
        }
        // primes near 2^63 have 1.5e9 candidates: check the first, the last and a random stretch of them
        Random random = new Random(1);
        for (long p : new long[] {9_223_372_036_854_775_783L, 2_305_843_009_213_693_951L, 1_000_000_000_000_000_003L}) {
            long all = TrialDivision.candidates(p);
            long middle = Math.floorMod(random.nextLong(), all - 2_000_000);
            assertEquals(0, TrialDivision.findFactor(p, 0, 2_000_000, NEVER), "first candidates of " + p);
            assertEquals(0, TrialDivision.findFactor(p, middle, middle + 2_000_000, NEVER), "middle candidates of " + p);
            assertEquals(0, TrialDivision.findFactor(p, all - 2_000_000, all + 1000, NEVER), "last candidates of " + p);
        }
    }

    /** Squares and products of primes near the root of 2^63: the factor is among the last candidates. */
    @Test
    void shouldFindFactorsNearTheRootInTheChunkThatHoldsThem() {
        long p = 3_037_000_493L;
        long q = 3_037_000_453L;
        for (long[] pair : new long[][] {{p, p}, {q, p}, {2_147_483_647L, 2_147_483_647L}, {1_000_003, 999_983}}) {
            long n = pair[0] * pair[1];
            long factor = Math.min(pair[0], pair[1]);
            long all = TrialDivision.candidates(n);
            long at = indexOf(factor);
            // chunks as the engine would cut them around the factor
            long chunk = 1 << 20;
            long chunkStart = at / chunk * chunk;
            assertEquals(factor, TrialDivision.findFactor(n, chunkStart, Math.min(all, chunkStart + chunk), NEVER), "n = " + n);
            assertEquals(0, TrialDivision.findFactor(n, Math.max(0, chunkStart - chunk), chunkStart, NEVER), "before");
            assertEquals(factor, TrialDivision.findFactor(n, at, at + 1, NEVER), "the factor's own candidate");
            assertEquals(0, TrialDivision.findFactor(n, at - 1000, at, NEVER), "just before the factor");
        }
    }

    @Test
    void shouldFindSmallFactorsOfLargeNumbersAtOnce() {
        long large = BigInteger.valueOf(Long.MAX_VALUE / 101 / 2).nextProbablePrime().longValueExact();
        assertEquals(3, TrialDivision.findFactor(3 * large, 0, Long.MAX_VALUE, NEVER));
        assertEquals(101, TrialDivision.findFactor(101 * large, 0, Long.MAX_VALUE, NEVER));
        assertEquals(101, TrialDivision.findFactor(101 * large, 1, Long.MAX_VALUE, NEVER));
        assertEquals(0, TrialDivision.findFactor(large, 0, 1_000_000, NEVER), large + " is prime");
    }

    @Test
    void shouldIgnoreCandidatesBeyondTheRoot() {
        assertEquals(3, TrialDivision.findFactor(9, 0, 100, NEVER));
        assertEquals(5, TrialDivision.findFactor(25, 1, 100, NEVER));
        assertEquals(0, TrialDivision.findFactor(7, 0, 100, NEVER), "7 itself is not a proper factor");
        assertEquals(0, TrialDivision.findFactor(15, 5, 3, NEVER), "empty index range");
        assertThrows(IllegalArgumentException.class, () -> TrialDivision.findFactor(15, -1, 3, NEVER));
    }

    @Test
    void shouldPollStopBetweenBatchesAndGiveUp() {
        long n = 999_999_999_999_989L; // prime: 1.6e7 candidates
        AtomicInteger polls = new AtomicInteger();
        assertEquals(0, TrialDivision.findFactor(n, 0, 3 * 1000 + 5, () -> polls.incrementAndGet() > 0, 1000));
        assertEquals(1, polls.get(), "stopped at the first poll");

        polls.set(0);
        assertEquals(0, TrialDivision.findFactor(n, 0, 3 * 1000 + 5, () -> polls.incrementAndGet() > 100, 1000));
        assertEquals(3, polls.get(), "a poll after each whole batch but the last");

        long composite = 1_000_003L * 999_983;
        assertEquals(0, TrialDivision.findFactor(composite, 0, TrialDivision.candidates(composite), () -> true),
                "stops before reaching the factor at index " + indexOf(999_983));
        polls.set(0);
        assertEquals(999_983, TrialDivision.findFactor(composite, 0, Long.MAX_VALUE, () -> polls.incrementAndGet() < 0, 0));
        assertEquals(0, polls.get(), "poll interval 0 never polls");
    }
}
