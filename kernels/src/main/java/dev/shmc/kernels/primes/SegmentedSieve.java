package dev.shmc.kernels.primes;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A segmented sieve of Eratosthenes on the mod-30 wheel ({@link Wheel30}): counts, sums or lists the
 * primes of a half-open range {@code [from, to)}.
 *
 * <p>The range is sieved segment by segment ({@link PrimesConfig#SEGMENT_BYTES}, 30 numbers per
 * byte). Each segment starts as a copy of the pre-sieve patterns ({@link PreSieve}, primes up to
 * {@link PrimesConfig#PRESIEVE_MAX_PRIME}); then the sieving primes cross off their multiples in
 * three tiers: small primes block by block in L1 ({@link PrimesConfig#L1_BLOCK_BYTES}) and medium
 * primes once per segment, both with a loop unrolled over a whole wheel cycle
 * ({@link UnrolledTier}), and large primes from buckets ({@link BucketTier}, on the mod-210
 * wheel), so that a large prime costs nothing in the segments it misses. A {@link SegmentReader} then counts, sums or lists the
 * segment's primes. This class composes them.
 *
 * <p>Every call starts afresh: it computes the first multiple of each sieving prime once (lazily,
 * when its square enters the sieved range) and carries the next-multiple state from segment to
 * segment. So any partition of a range into calls, in any order, adds up to the whole range.
 *
 * <p>Not thread-safe: one instance per thread, reused across calls (it owns the segment and the
 * buckets, which keep their capacity). The {@link SievingPrimes} may be shared.
 */
public final class SegmentedSieve {
    /** The tiers {@link #tierNanos} times, in its order. */
    public static final List<String> TIERS = List.of("pre-sieve + small primes (L1 blocks)", "medium primes (per segment)",
            "large primes (buckets)", "reading the segment (count, sum or list)");
    private static final LongAdder[] TIER_NANOS = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private static final boolean TIMED = PrimesConfig.TIER_TIMES;

    /**
     * Nanoseconds spent in each of the {@link #TIERS} by every sieve of this JVM since the last
     * {@link #resetTierNanos}, when {@link PrimesConfig#TIER_TIMES} is on (zeros otherwise).
     */
    public static long[] tierNanos() {
        long[] n = new long[TIER_NANOS.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = TIER_NANOS[i].sum();
        }
        return n;
    }

    /** Sets the tier times to zero. */
    public static void resetTierNanos() {
        for (LongAdder a : TIER_NANOS) {
            a.reset();
        }
    }

    private final SievingPrimes primes;
    private final int[] prime;
    private final int segmentBytes;
    private final int blockBytes;
    /**
     * The segment, {@link PreSieve#SLACK} bytes longer: the pre-sieve and the reader work in whole
     * vectors or words past an odd end.
     */
    private final byte[] sieve;

    /** Index in {@link #prime} of the first prime above the pre-sieve. */
    private final int firstSieving;
    /** Primes [firstSieving, smallEnd) cross off per L1 block. */
    private final int smallEnd;
    /** Primes [smallEnd, mediumEnd) cross off once per segment; [mediumEnd, size) live in buckets. */
    private final int mediumEnd;
    private final UnrolledTier small;
    private final UnrolledTier medium;
    private final BucketTier large;
    private final SegmentReader reader = new SegmentReader();
    /** Primes [firstSieving, active) have their first multiple in the current range. */
    private int active;

    /** A sieve for ranges up to {@code primes.limit()}; allocates its segment (about 256 KiB) and state. */
    public SegmentedSieve(SievingPrimes primes) {
        this.primes = primes;
        this.prime = primes.array();
        this.segmentBytes = PrimesConfig.SEGMENT_BYTES;
        this.blockBytes = PrimesConfig.L1_BLOCK_BYTES;
        this.sieve = new byte[segmentBytes + PreSieve.SLACK];
        this.firstSieving = firstAbove(prime, PrimesConfig.PRESIEVE_MAX_PRIME);
        this.smallEnd = Math.max(firstSieving, firstAbove(prime, (long) (blockBytes * PrimesConfig.SMALL_PRIME_FACTOR)));
        this.mediumEnd = Math.max(smallEnd, firstAbove(prime, (long) segmentBytes * PrimesConfig.BUCKET_PRIME_FACTOR));
        this.small = new UnrolledTier(prime, firstSieving, smallEnd);
        this.medium = new UnrolledTier(prime, smallEnd, mediumEnd);
        this.large = new BucketTier(primes.largest());
    }

    /**
     * Gets the sieve's loops compiled the cheap way in this JVM, once ({@link SieveWarmUp}): the
     * crossing-off methods, the pre-sieve and the counting loop. About 0.15 s of a fresh JVM's
     * time, 0.5 s on a busy machine, against 0.3 s or more saved for a job of more than a few
     * segments (2 fresh workers: π(1e9) 1.1 s instead of 1.5 s, π(3e9) 1.8 s instead of 2.3 s,
     * π(1e8) 0.69 s instead of 0.82 s), but a loss for a small one (π(1e6): 0.6 s instead of
     * 0.1 s): see {@link PrimesConfig#JIT_WARM_UP_MIN_NUMBERS}. Does nothing after the first call
     * in a JVM.
     */
    public void warmUpJit() {
        SieveWarmUp.once();
    }

    /**
     * Whether this JVM's pre-sieve runs a vector at a time: after {@link #warmUpJit}, once C2 has
     * compiled that loop (in the background, a fraction of a second), unless
     * {@code -Dshmc.primes.vectorPreSieve=false} or the JVM lacks the Vector API's module.
     */
    public static boolean vectorPreSieve() {
        return PreSieve.vectorsOn();
    }

    /** The sieving primes this sieve uses. */
    public SievingPrimes primes() {
        return primes;
    }

    /**
     * Counts and sums the primes p with {@code from <= p < to}. Polls {@code stop} before each
     * segment (about every 8 million numbers); when it answers true, returns what the segments
     * sieved so far found (a partial result).
     *
     * @param from first number of the range, {@code >= 0}
     * @param to   end of the range, exclusive, {@code from <= to <= primes().limit() + 1}
     */
    public PrimeStats count(long from, long to, BooleanSupplier stop) {
        return count(from, to, true, stop);
    }

    /**
     * {@link #count(long, long, BooleanSupplier)}, with the sum only when {@code withSum}: without
     * it the counting loop does one bit count per word instead of eight, and the result's sum is 0.
     */
    public PrimeStats count(long from, long to, boolean withSum, BooleanSupplier stop) {
        checkRange(from, to);
        reader.reset();
        if (from >= to) {
            return PrimeStats.EMPTY;
        }
        for (int p = 2; p <= 5; p += 1 + (p & 1)) {
            if (from <= p && p < to) {
                reader.add(1, withSum ? p : 0, 0, p);
            }
        }
        long byteLow = from / 30;
        long byteHigh = (to + 29) / 30;
        startRange();
        for (long segment = byteLow; segment < byteHigh; segment += segmentBytes) {
            if (stop.getAsBoolean()) {
                break;
            }
            int length = (int) Math.min(segmentBytes, byteHigh - segment);
            sieveSegment(segment, length, byteHigh);
            long t = TIMED ? System.nanoTime() : 0;
            SegmentReader.trimToRange(sieve, segment, length, from, to);
            reader.count(sieve, segment, length, withSum);
            if (TIMED) {
                TIER_NANOS[3].add(System.nanoTime() - t);
            }
        }
        return reader.result();
    }

    /**
     * Calls {@code action} for each prime p with {@code from <= p < to}, in increasing order. Polls
     * {@code stop} before each segment and returns early when it answers true.
     *
     * @param from first number of the range, {@code >= 0}
     * @param to   end of the range, exclusive, {@code from <= to <= primes().limit() + 1}
     */
    public void forEachPrime(long from, long to, LongConsumer action, BooleanSupplier stop) {
        checkRange(from, to);
        if (from >= to) {
            return;
        }
        for (int p = 2; p <= 5; p += 1 + (p & 1)) {
            if (from <= p && p < to) {
                action.accept(p);
            }
        }
        long byteLow = from / 30;
        long byteHigh = (to + 29) / 30;
        startRange();
        for (long segment = byteLow; segment < byteHigh; segment += segmentBytes) {
            if (stop.getAsBoolean()) {
                return;
            }
            int length = (int) Math.min(segmentBytes, byteHigh - segment);
            sieveSegment(segment, length, byteHigh);
            SegmentReader.trimToRange(sieve, segment, length, from, to);
            SegmentReader.forEach(sieve, segment, length, action);
        }
    }

    private void checkRange(long from, long to) {
        if (from < 0 || from > to || to - 1 > primes.limit()) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is not within [0, "
                    + primes.limit() + "] (the sieving primes' limit) or from > to");
        }
    }

    private void startRange() {
        large.reset();
        active = firstSieving;
        small.reset();
        medium.reset();
    }

    /** Sieves the bytes [segment, segment + length) into sieve[0, length). */
    private void sieveSegment(long segment, int length, long byteHigh) {
        long t0 = TIMED ? System.nanoTime() : 0;
        activate(segment, length, byteHigh);
        for (int block = 0; block < length; block += blockBytes) {
            int blockEnd = Math.min(length, block + blockBytes);
            PreSieve.fill(sieve, block, segment + block, blockEnd - block);
            small.crossOff(sieve, blockEnd, blockEnd == length ? length : 0);
        }
        if (segment <= PreSieve.LAST_BYTE) {
            // sieving primes start at their squares (> PRESIEVE_MAX_PRIME^2): nothing touches these bits again
            PreSieve.restorePrimes(sieve, segment, length);
        }
        long t1 = TIMED ? System.nanoTime() : 0;
        medium.crossOff(sieve, length, length);
        long t2 = TIMED ? System.nanoTime() : 0;
        large.crossOff(sieve, byteHigh - segment);
        if (TIMED) {
            long t3 = System.nanoTime();
            TIER_NANOS[0].add(t1 - t0);
            TIER_NANOS[1].add(t2 - t1);
            TIER_NANOS[2].add(t3 - t2);
        }
    }

    /** Gives the primes whose squares fall below the segment's end their first multiple in it or later. */
    private void activate(long segment, int length, long byteHigh) {
        long low = 30 * segment;
        long end = 30 * (segment + length);
        final int[] p = prime;
        while (active < p.length) {
            long q = p[active];
            if (q * q >= end) {
                break;
            }
            long atLeast = Math.max(q * q, low);
            if (active < mediumEnd) {
                long first = Wheel30.firstMultiple(q, atLeast);
                int relative = (int) ((first >>> 3) - segment);
                int wheel = (int) first & 7;
                (active < smallEnd ? small : medium).activate(active, (int) q, relative, wheel);
            } else {
                long k = Wheel210.firstCofactor(q, atLeast);
                long relative = q * k / 30 - segment;
                if (segment + relative < byteHigh) {
                    large.activate(q, relative, k);
                }
            }
            active++;
        }
    }

    /** Index of the first element of the ascending {@code values} above {@code bound}. */
    private static int firstAbove(int[] values, long bound) {
        int i = Arrays.binarySearch(values, (int) Math.min(bound, Integer.MAX_VALUE));
        return i >= 0 ? i + 1 : -i - 1;
    }
}
