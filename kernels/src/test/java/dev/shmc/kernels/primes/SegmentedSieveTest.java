package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentedSieveTest {
    private static final BooleanSupplier NEVER = () -> false;
    /** Numbers per segment: where segments end, relative to a range's first multiple of 30. */
    private static final long SEGMENT_NUMBERS = 30L * PrimesConfig.SEGMENT_BYTES;
    private static final long BLOCK_NUMBERS = 30L * PrimesConfig.L1_BLOCK_BYTES;

    private static PrimeStats count(long from, long to) {
        return new SegmentedSieve(SievingPrimes.upTo(Math.max(0, to - 1))).count(from, to, NEVER);
    }

    private static void assertStats(PrimeStats expected, PrimeStats actual, String range) {
        assertEquals(expected.count(), actual.count(), "count of " + range);
        assertEquals(expected.sum(), actual.sum(), "sum of " + range);
        assertEquals(expected.max(), actual.max(), "max of " + range);
    }

    /** pi(10^k), the sum of the primes below 10^k (OEIS A006880, A046731) and the largest of them. */
    @ParameterizedTest(name = "pi(10^{0}) = {1}")
    @CsvSource({
        "1, 4, 17, 7",
        "2, 25, 1060, 97",
        "3, 168, 76127, 997",
        "4, 1229, 5736396, 9973",
        "5, 9592, 454396537, 99991",
        "6, 78498, 37550402023, 999983",
        "7, 664579, 3203324994356, 9999991",
        "8, 5761455, 279209790387276, 99999989",
        "9, 50847534, 24739512092254535, 999999937",
        "10, 455052511, 2220822432581729238, 9999999967",
    })
    void shouldCountPrimesBelowPowersOfTen(int k, long pi, String sum, long max) {
        long n = BigInteger.TEN.pow(k).longValueExact();
        PrimeStats stats = count(0, n + 1);
        assertEquals(pi, stats.count());
        assertEquals(new BigInteger(sum), stats.sum());
        assertEquals(max, stats.max());
    }

    /** Stats of [from, to) over chunks handed out dynamically to two threads, each with its own sieve, as the engine does. */
    private static PrimeStats countOverTwoThreads(long from, long to) throws Exception {
        SievingPrimes primes = SievingPrimes.upTo(Math.max(0, to - 1));
        long chunk = PrimesConfig.DEFAULT_CHUNK_NUMBERS;
        AtomicLong cursor = new AtomicLong(from);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PrimeStats>> parts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                parts.add(pool.submit(() -> {
                    SegmentedSieve sieve = new SegmentedSieve(primes);
                    PrimeStats total = PrimeStats.EMPTY;
                    for (long a; (a = cursor.getAndAdd(chunk)) < to; ) {
                        total = total.combine(sieve.count(a, Math.min(to, a + chunk), NEVER));
                    }
                    return total;
                }));
            }
            return parts.get(0).get().combine(parts.get(1).get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** pi(10^11), its sum beyond 2^64, over two threads. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldCountPrimesBelowTenToTheElevenOverThreads() throws Exception {
        PrimeStats total = countOverTwoThreads(0, 100_000_000_001L);
        assertEquals(4_118_054_813L, total.count());
        assertEquals(new BigInteger("201467077743744681014"), total.sum());
        assertEquals(99_999_999_977L, total.max());
    }

    /** The reference that stands in for sieving below 10^12 is itself right: pi(10^k) for k = 0..12 (OEIS A006880). */
    @ParameterizedTest(name = "reference pi(10^{0}) = {1}")
    @CsvSource({"0, 0", "1, 4", "2, 25", "3, 168", "4, 1229", "5, 9592", "6, 78498", "7, 664579", "8, 5761455", "9, 50847534",
        "10, 455052511", "11, 4118054813", "12, 37607912018"})
    void shouldAgreeWithPublishedPiOfPowersOfTenInTheCountingReference(int k, long pi) {
        assertEquals(pi, PrimeCountingReference.pi(BigInteger.TEN.pow(k).longValueExact()));
    }

    /**
     * pi(10^12) = 37,607,912,018: the sieve counts the last 2.5e9 numbers below 10^12 over two
     * threads (at that scale: sieving primes up to 10^6, bucket sieving, many chunk edges) and the
     * counting reference the rest. Sieving all of it would take minutes on two cores; the window
     * covers what is special about 10^12, and the windows below check the sieve against the
     * reference elsewhere at the same scale.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldCountPrimesBelowTenToTheTwelve() throws Exception {
        long n = 1_000_000_000_000L;
        long a = n - 2_500_000_000L;
        PrimeStats window = countOverTwoThreads(a + 1, n + 1);
        assertEquals(37_607_912_018L, PrimeCountingReference.pi(a) + window.count());
        assertEquals(999_999_999_989L, window.max());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldMatchTheCountingReferenceOnRandomWindowsBelowTenToTheTwelve() throws Exception {
        Random random = new Random(12);
        for (int i = 0; i < 3; i++) {
            long a = 100_000_000_000L + Math.floorMod(random.nextLong(), 900_000_000_000L - 400_000_000L);
            long b = a + 100_000_000L + random.nextInt(300_000_000);
            assertEquals(PrimeCountingReference.pi(b) - PrimeCountingReference.pi(a - 1), countOverTwoThreads(a, b + 1).count(),
                    "primes in [" + a + ", " + b + "]");
        }
    }

    @Test
    void shouldHandleTinyRanges() {
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1000));
        assertEquals(PrimeStats.EMPTY, sieve.count(0, 2, NEVER), "[0, 1]");
        assertEquals(PrimeStats.EMPTY, sieve.count(0, 0, NEVER), "empty");
        assertEquals(PrimeStats.EMPTY, sieve.count(7, 7, NEVER), "empty at a prime");
        assertEquals(new PrimeStats(1, 2, 0, 2), sieve.count(2, 3, NEVER), "[2, 2]");
        assertEquals(new PrimeStats(2, 5, 0, 3), sieve.count(0, 4, NEVER), "[0, 3]");
        assertEquals(new PrimeStats(3, 10, 0, 5), sieve.count(0, 7, NEVER), "[0, 6]");
        assertEquals(new PrimeStats(1, 997, 0, 997), sieve.count(997, 998, NEVER), "[997, 997]");
        assertEquals(PrimeStats.EMPTY, sieve.count(999, 1000, NEVER), "[999, 999]");
        assertEquals(PrimeStats.EMPTY, sieve.count(1, 2, NEVER), "[1, 1]");
        for (long a = 0; a <= 200; a++) {
            for (long b = a; b <= 201; b++) {
                assertStats(PrimesReference.stats(a, b), sieve.count(a, b, NEVER), "[" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void shouldCountSinglePrimesAndCompositesAnywhere() {
        long[] primes = {1_000_000_007L, 4_294_967_291L, 4_294_967_311L, 999_999_999_999_989L, 1_000_000_000_000_037L};
        long[] composites = {1_000_000_007L * 3, 4_294_967_296L, 4_294_967_297L, 999_999_999_999_999L, 31_622_743L * 31_622_743L};
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1_000_000_000_000_100L));
        for (long p : primes) {
            assertEquals(new PrimeStats(1, p, 0, p), sieve.count(p, p + 1, NEVER), "A = B = " + p);
        }
        for (long c : composites) {
            assertEquals(PrimeStats.EMPTY, sieve.count(c, c + 1, NEVER), "A = B = " + c);
        }
    }

    /** The squares of the sieving primes are the first multiples crossed off: on and next to a limit's root. */
    @Test
    void shouldCrossOffSquaresOfTheLargestSievingPrimes() {
        long p = 31_622_743L; // the largest prime below sqrt(1e15)
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(p * p));
        assertEquals(PrimeStats.EMPTY, sieve.count(p * p, p * p + 1, NEVER));
        assertStats(PrimesReference.stats(p * p - 100_000, p * p + 1), sieve.count(p * p - 100_000, p * p + 1, NEVER),
                "up to " + p + "^2");
    }

    /**
     * Ranges whose starts sit on and next to multiples of 30 and of the block and segment, and
     * whose lengths make the last segment or block full, one byte short or one byte over.
     */
    @Test
    void shouldCountAcrossSegmentAndBlockEdges() {
        long end = 5 * SEGMENT_NUMBERS;
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(end));
        PrefixCounts reference = new PrefixCounts(PrimesReference.primality(0, end));
        long[] starts = {0, 1, 6, 7, 29, 30, 31, BLOCK_NUMBERS - 30, BLOCK_NUMBERS + 1, SEGMENT_NUMBERS - 1, SEGMENT_NUMBERS,
            SEGMENT_NUMBERS + 29, 2 * SEGMENT_NUMBERS + 30};
        long[] lengths = {BLOCK_NUMBERS, SEGMENT_NUMBERS, 2 * SEGMENT_NUMBERS};
        int[] offsets = {-31, -30, -29, -1, 0, 1, 29, 30, 31};
        for (long a : starts) {
            for (long length : lengths) {
                for (int d : offsets) {
                    long b = a + length + d;
                    assertEquals(reference.count(a, b), sieve.count(a, b, NEVER).count(), "[" + a + ", " + b + ")");
                }
            }
        }
    }

    /** Number of primes in [a, b) from a primality table, by prefix sums over words. */
    private static final class PrefixCounts {
        private final long[] bits;
        private final int[] before;

        PrefixCounts(boolean[] prime) {
            bits = new long[prime.length / 64 + 1];
            for (int n = 0; n < prime.length; n++) {
                bits[n >>> 6] |= prime[n] ? 1L << n : 0;
            }
            before = new int[bits.length + 1];
            for (int w = 0; w < bits.length; w++) {
                before[w + 1] = before[w] + Long.bitCount(bits[w]);
            }
        }

        long countBelow(long n) {
            int w = (int) (n >>> 6);
            return before[w] + Long.bitCount(bits[w] & ((1L << (n & 63)) - 1));
        }

        long count(long a, long b) {
            return countBelow(b) - countBelow(a);
        }
    }

    @Test
    void shouldMatchReferenceAroundTwoToThe32() {
        long center = 1L << 32;
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(center + 10_000_000));
        assertStats(PrimesReference.stats(center - 5_000_000, center + 5_000_000),
                sieve.count(center - 5_000_000, center + 5_000_000, NEVER), "2^32 +- 5e6");
        assertStats(PrimesReference.stats(center - 1, center + 16), sieve.count(center - 1, center + 16, NEVER), "2^32 - 1 ..");
    }

    @Test
    void shouldMatchReferenceAndMillerRabinNearTenToTheFifteen() {
        long base = 1_000_000_000_000_000L;
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(base + 3_000_000));
        for (long[] range : new long[][] {{base - 1_000_000, base + 1_000_000}, {base, base + 1}, {base + 37, base + 38},
            {base - 11, base + 3_000_000}}) {
            PrimeStats expected = PrimesReference.stats(range[0], range[1]);
            assertStats(expected, sieve.count(range[0], range[1], NEVER), "[" + range[0] + ", " + range[1] + ")");
        }
        long[] probablePrimes = new long[1];
        sieve.forEachPrime(base - 100_000, base + 100_000, p -> {
            assertTrue(MillerRabin.isPrime(p), p + " is composite");
            probablePrimes[0]++;
        }, NEVER);
        long millerRabin = 0;
        for (long n = base - 100_000; n < base + 100_000; n++) {
            millerRabin += MillerRabin.isPrime(n) ? 1 : 0;
        }
        assertEquals(millerRabin, probablePrimes[0]);
    }

    @Test
    void shouldMatchReferenceOnRandomRanges() {
        Random random = new Random(5);
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1_000_000_000_000_000L));
        for (int i = 0; i < 40; i++) {
            long magnitude = (long) Math.pow(10, 1 + random.nextInt(15));
            long from = Math.floorMod(random.nextLong(), magnitude);
            long to = from + random.nextInt(i % 4 == 0 ? 3_000_000 : 2000);
            PrimeStats expected = PrimesReference.stats(from, to);
            String range = "[" + from + ", " + to + ")";
            assertStats(expected, sieve.count(from, to, NEVER), range);
            PrimeStats counted = sieve.count(from, to, false, NEVER); // without the sum: the same count and max, sum 0
            assertEquals(expected.count(), counted.count(), range);
            assertEquals(expected.max(), counted.max(), range);
            assertEquals(0, counted.sumLow() | counted.sumHigh(), range);
        }
    }

    @Test
    void shouldCountFromZeroWithoutTheSum() {
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1_000_000));
        PrimeStats counted = sieve.count(0, 100, false, NEVER);
        assertEquals(25, counted.count());
        assertEquals(97, counted.max());
        assertEquals(0, counted.sumLow(), "2, 3 and 5 are not summed either");
        assertStats(PrimesReference.stats(0, 100), sieve.count(0, 100, NEVER), "[0, 100) with the sum again: the mode is per call");
    }

    /** Any partition of a range into chunks, sieved in any order by one reused sieve, adds up to the whole. */
    @Test
    void shouldAddUpRandomPartitionsEvaluatedInRandomOrder() {
        Random random = new Random(42);
        long[][] ranges = {{0, 62_345_678}, {999_999_000_000L, 1_000_111_222_333L}, {(1L << 32) - 48_765_432, (1L << 32) + 25_555_555},
            {999_999_970_000_000L, 1_000_000_030_000_000L}};
        for (long[] range : ranges) {
            SievingPrimes primes = SievingPrimes.upTo(range[1]);
            SegmentedSieve sieve = new SegmentedSieve(primes);
            PrimeStats whole = sieve.count(range[0], range[1], NEVER);
            for (int trial = 0; trial < 3; trial++) {
                List<long[]> chunks = new ArrayList<>();
                for (long from = range[0]; from < range[1]; ) {
                    long width = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(100);                      // tiny, often empty
                        case 1 -> random.nextInt(100_000);                  // inside one segment
                        case 2 -> SEGMENT_NUMBERS - 30 + random.nextInt(61); // about one segment
                        default -> (long) (random.nextDouble() * 5 * SEGMENT_NUMBERS);
                    };
                    long to = Math.min(range[1], from + width);
                    chunks.add(new long[] {from, to});
                    from = to;
                }
                Collections.shuffle(chunks, random);
                PrimeStats sum = PrimeStats.EMPTY;
                for (long[] chunk : chunks) {
                    sum = sum.combine(sieve.count(chunk[0], chunk[1], NEVER));
                }
                assertStats(whole, sum, chunks.size() + " chunks of [" + range[0] + ", " + range[1] + ")");
            }
            if (range[1] - range[0] <= 100_000_000 && range[0] < 1L << 40) {
                assertStats(PrimesReference.stats(range[0], range[1]), whole, "[" + range[0] + ", " + range[1] + ")");
            }
        }
    }

    @Test
    void shouldMatchPrimesieveOnRandomRanges() throws Exception {
        Path primesieve = PrimesReference.primesieve();
        assumeTrue(primesieve != null, "primesieve is not installed");
        Random random = new Random(11);
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1_000_000_000_000_000L));
        for (int i = 0; i < 24; i++) {
            long magnitude = (long) Math.pow(10, 3 + random.nextInt(13));
            long a = Math.floorMod(random.nextLong(), magnitude);
            long b = a + Math.floorMod(random.nextLong(), i % 3 == 0 ? 100_000_000L : 100_000L);
            assertEquals(PrimesReference.primesieveCount(primesieve, a, b), sieve.count(a, b + 1, NEVER).count(),
                    "primesieve " + a + " " + b + " -c");
        }
        assertEquals(PrimesReference.primesieveCount(primesieve, 0, 1), sieve.count(0, 2, NEVER).count());
        assertEquals(PrimesReference.primesieveCount(primesieve, 2, 2), sieve.count(2, 3, NEVER).count());
    }

    @Test
    void shouldListThePrimesItCounts() {
        Random random = new Random(3);
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1_000_000_000_000_000L));
        for (int i = 0; i < 12; i++) {
            long magnitude = (long) Math.pow(10, 1 + random.nextInt(15));
            long from = Math.floorMod(random.nextLong(), magnitude);
            long to = from + random.nextInt(i < 3 ? 30_000_000 : 3_000_000);
            long[] listed = {0, Long.MIN_VALUE};
            BigInteger[] sum = {BigInteger.ZERO};
            sieve.forEachPrime(from, to, p -> {
                assertTrue(p > listed[1] && p >= from && p < to, "out of order or range: " + p);
                listed[0]++;
                listed[1] = p;
                sum[0] = sum[0].add(BigInteger.valueOf(p));
            }, NEVER);
            PrimeStats counted = sieve.count(from, to, NEVER);
            assertEquals(counted.count(), listed[0], "count of [" + from + ", " + to + ")");
            assertEquals(counted.sum(), sum[0], "sum of [" + from + ", " + to + ")");
            assertEquals(counted.max(), listed[0] == 0 ? -1 : listed[1], "max of [" + from + ", " + to + ")");
        }
    }

    @Test
    void shouldReturnWholeSegmentsSievedBeforeStop() {
        long from = 123_456_789_011L;
        long to = from + 10 * SEGMENT_NUMBERS;
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(to));
        AtomicInteger polls = new AtomicInteger();
        PrimeStats partial = sieve.count(from, to, () -> polls.incrementAndGet() > 3);
        assertEquals(4, polls.get(), "polls before each segment, until told to stop");
        long sievedEnd = from / 30 * 30 + 3 * SEGMENT_NUMBERS;
        assertStats(sieve.count(from, sievedEnd, NEVER), partial, "three segments");
        assertEquals(PrimeStats.EMPTY, sieve.count(from, to, () -> true));
        List<Long> listed = new ArrayList<>();
        sieve.forEachPrime(from, to, listed::add, () -> true);
        assertEquals(List.of(), listed);
    }

    @Test
    void shouldRejectRangesOutsideItsLimit() {
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(1000));
        assertThrows(IllegalArgumentException.class, () -> sieve.count(10, 9, NEVER));
        assertThrows(IllegalArgumentException.class, () -> sieve.count(-1, 9, NEVER));
        assertThrows(IllegalArgumentException.class, () -> sieve.count(0, 1002, NEVER));
        assertThrows(IllegalArgumentException.class, () -> sieve.forEachPrime(0, 1002, p -> { }, NEVER));
        assertEquals(168, sieve.count(0, 1001, NEVER).count());
    }
}
