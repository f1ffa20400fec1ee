package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.Wheel30.CLEAR;
import static dev.shmc.kernels.primes.Wheel30.K_STEP;
import static dev.shmc.kernels.primes.Wheel30.RESIDUES;
import static dev.shmc.kernels.primes.Wheel30.STEP_CARRY;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A segmented sieve of Eratosthenes on the mod-30 wheel ({@link Wheel30}): counts, sums or lists the
 * primes of a half-open range {@code [from, to)}.
 *
 * <p>The range is sieved segment by segment ({@link PrimesConfig#SEGMENT_BYTES}, 30 numbers per
 * byte). Each segment starts as a copy of the pre-sieve patterns (primes up to
 * {@link PrimesConfig#PRESIEVE_MAX_PRIME}); then the sieving primes cross off their multiples in
 * three tiers: small primes block by block in L1 ({@link PrimesConfig#L1_BLOCK_BYTES}) with a loop
 * unrolled over a whole wheel cycle, medium primes once per segment, and large primes from
 * buckets, a ring of lists indexed by the segment of each prime's next multiple, so that a large
 * prime costs nothing in the segments it misses. Counting is {@code Long.bitCount} over words; the
 * sum comes from per-bit-plane counts, without visiting each prime.
 *
 * <p>Every call starts afresh: it computes the first multiple of each sieving prime once (lazily,
 * when its square enters the sieved range) and carries the next-multiple state from segment to
 * segment. So any partition of a range into calls, in any order, adds up to the whole range.
 *
 * <p>Not thread-safe: one instance per thread, reused across calls (it owns the segment and the
 * buckets, which keep their capacity). The {@link SievingPrimes} may be shared.
 */
public final class SegmentedSieve {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes of a word whose byte index has bit 0, 1, 2 set: weights the per-byte counts by their index. */
    private static final long BYTE_INDEX_BIT0 = 0xFF00FF00FF00FF00L;
    private static final long BYTE_INDEX_BIT1 = 0xFFFF0000FFFF0000L;
    private static final long BYTE_INDEX_BIT2 = 0xFFFFFFFF00000000L;
    /** Bits whose residue (1, 7, 11, 13, 17, 19, 23, 29) has bit 1, 2, 3, 4 set; all residues are odd (bit 0). */
    private static final long RESIDUE_BIT1 = 0x6666666666666666L;
    private static final long RESIDUE_BIT2 = 0xCACACACACACACACAL;
    private static final long RESIDUE_BIT3 = 0x8C8C8C8C8C8C8C8CL;
    private static final long RESIDUE_BIT4 = 0xF0F0F0F0F0F0F0F0L;

    private final SievingPrimes primes;
    private final int[] prime;
    private final int segmentBytes;
    private final int segmentShift;
    private final int blockBytes;
    /** The segment, 8 bytes longer: the pre-sieve and the counter work in whole words past an odd end. */
    private final byte[] sieve;

    /** Index in {@link #prime} of the first prime above the pre-sieve. */
    private final int firstSieving;
    /** Primes [firstSieving, smallEnd) cross off per L1 block. */
    private final int smallEnd;
    /** Primes [smallEnd, mediumEnd) cross off once per segment; [mediumEnd, size) live in buckets. */
    private final int mediumEnd;

    /*
     * The small and medium ("tiered") primes live in slots grouped by tier and residue: group
     * g = 8 * tier + residue index holds slots [groupStart[g], groupStart[g + 1]), ascending primes.
     * A range activates each group's primes in order, so its active ones are [groupStart[g], groupActive[g]).
     */
    private final int[] groupStart = new int[17];
    private final int[] groupActive = new int[16];
    /** By tiered prime (index - firstSieving): its slot. */
    private final int[] slotOf;
    /** By slot: p / 30. */
    private final int[] quotient;
    /** By slot: the wheel cycle's start byte relative to the current segment, shifted left 3, or the wheel index. */
    private final int[] next;

    /*
     * The buckets: a ring, one bucket per segment ahead, each a list of blocks of BLOCK entries
     * from one pool, so that the memory follows the number of large primes (8 bytes each, 16 MB
     * near 1e15) rather than every bucket growing to the largest. An entry is one long: high int
     * (q << 3 | residue index of p), low int (byte of the next multiple in its segment << 3 |
     * wheel index). A bucket's blocks return to the free list only after the whole bucket is
     * crossed off: reusing a block while the next one is still being read measured 10% slower.
     */
    private static final int BLOCK = PrimesConfig.BUCKET_BLOCK_ENTRIES;
    private long[] pool = new long[0];
    /** By block: the next block of the same bucket, or -1; for free blocks, the next free one. */
    private int[] blockNext = new int[0];
    private int freeBlock = -1;
    /** By bucket: the block being filled (the list's head), -1 for none. */
    private final int[] bucketHead;
    /** By bucket: entries in its head block; BLOCK when there is no head, so that a push takes a block. */
    private final int[] bucketFill;
    private final int ringMask;
    private int currentBucket;
    /** The bucket being crossed off, -1 outside; only for the CHECKS invariant. */
    private int readingBucket = -1;
    /** Primes [firstSieving, active) have their first multiple in the current range. */
    private int active;

    private long resultCount;
    private long resultSumLow;
    private long resultSumHigh;
    private long resultMax;

    /** Whether this JVM ran {@link #warmUpJit()}; racy by design (a second run only costs time). */
    private static volatile boolean crossingOffWarm;

    /** A sieve for ranges up to {@code primes.limit()}; allocates its segment (about 256 KiB) and state. */
    public SegmentedSieve(SievingPrimes primes) {
        this.primes = primes;
        this.prime = primes.array();
        this.segmentBytes = PrimesConfig.SEGMENT_BYTES;
        this.segmentShift = Integer.numberOfTrailingZeros(segmentBytes);
        this.blockBytes = PrimesConfig.L1_BLOCK_BYTES;
        this.sieve = new byte[segmentBytes + Long.BYTES];
        this.firstSieving = firstAbove(prime, PrimesConfig.PRESIEVE_MAX_PRIME);
        this.smallEnd = Math.max(firstSieving, firstAbove(prime, (long) (blockBytes * PrimesConfig.SMALL_PRIME_FACTOR)));
        this.mediumEnd = Math.max(smallEnd, firstAbove(prime, (long) segmentBytes * PrimesConfig.BUCKET_PRIME_FACTOR));
        int tiered = mediumEnd - firstSieving;
        this.slotOf = new int[tiered];
        this.quotient = new int[tiered];
        this.next = new int[tiered];
        for (int i = 0; i < tiered; i++) {
            groupStart[group(firstSieving + i) + 1]++;
        }
        for (int g = 0; g < 16; g++) {
            groupStart[g + 1] += groupStart[g];
        }
        int[] fill = Arrays.copyOf(groupStart, 16);
        for (int i = 0; i < tiered; i++) {
            int slot = fill[group(firstSieving + i)]++;
            slotOf[i] = slot;
            quotient[slot] = prime[firstSieving + i] / 30;
        }
        // a multiple moves at most 6q + 6 bytes per step: the ring must reach that many segments ahead
        long maxStep = 6L * (primes.largest() / 30) + 6;
        int ring = Integer.highestOneBit((int) ((segmentBytes + maxStep) >>> segmentShift) + 2) << 1;
        this.bucketHead = new int[ring];
        this.bucketFill = new int[ring];
        Arrays.fill(bucketHead, -1);
        Arrays.fill(bucketFill, BLOCK);
        this.ringMask = ring - 1;
    }

    /**
     * Gets the sieve's loops compiled the cheap way in this JVM, once: {@link #warmUpCrossingOff()},
     * then the pre-sieve and the counting loop likewise. About 0.15 s of a fresh JVM's time, 0.5 s
     * on a busy machine, against 0.3 s or more saved for a job of more than a few segments
     * (2 fresh workers: π(1e9) 1.1 s instead of 1.5 s, π(3e9) 1.8 s instead of 2.3 s, π(1e8) 0.69 s
     * instead of 0.82 s), but a loss for a small one (π(1e6): 0.6 s instead of 0.1 s): see
     * {@link PrimesConfig#JIT_WARM_UP_MIN_NUMBERS}. Does nothing after the first call in a JVM.
     */
    public void warmUpJit() {
        if (crossingOffWarm) {
            return;
        }
        crossingOffWarm = true;
        warmUpCrossingOff();
        warmUpSegmentLoops();
    }

    /**
     * The JIT warm-up of the pre-sieve and the counting loop, like {@link #warmUpCrossingOff()}:
     * many short calls instead of a first segment's few long ones, so that each is compiled once
     * rather than also for on-stack replacement.
     */
    private void warmUpSegmentLoops() {
        final int length = PrimesConfig.JIT_WARM_UP_BLOCK_BYTES / 8; // 2048 and 1024 bytes measured alike
        for (int call = 0; call < PrimesConfig.JIT_WARM_UP_CALLS; call++) {
            long segment = PreSieve.LAST_BYTE + 1 + (long) call * 7919;
            PreSieve.fill(sieve, 0, segment, length);
            countSegment(segment, length, (call & 1) == 0); // both ways of counting
        }
        resetResult();
    }

    /** The tier-and-residue group of the tiered prime with index i. */
    private int group(int i) {
        return (i < smallEnd ? 0 : 8) + Wheel30.residueIndex(prime[i]);
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
        resetResult();
        if (from >= to) {
            return PrimeStats.EMPTY;
        }
        for (int p = 2; p <= 5; p += 1 + (p & 1)) {
            if (from <= p && p < to) {
                addToResult(1, withSum ? p : 0, 0, p);
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
            trimToRange(segment, length, from, to);
            countSegment(segment, length, withSum);
        }
        return resultCount == 0 ? PrimeStats.EMPTY
                : new PrimeStats(resultCount, resultSumLow, resultSumHigh, resultMax);
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
            trimToRange(segment, length, from, to);
            emitSegment(segment, length, action);
        }
    }

    private void checkRange(long from, long to) {
        if (from < 0 || from > to || to - 1 > primes.limit()) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is not within [0, "
                    + primes.limit() + "] (the sieving primes' limit) or from > to");
        }
    }

    private void startRange() {
        for (int b = 0; b <= ringMask; b++) {
            freeBlocks(bucketHead[b]);
        }
        Arrays.fill(bucketHead, -1);
        Arrays.fill(bucketFill, BLOCK);
        currentBucket = 0;
        active = firstSieving;
        System.arraycopy(groupStart, 0, groupActive, 0, 16);
    }

    /** Sieves the bytes [segment, segment + length) into sieve[0, length). */
    private void sieveSegment(long segment, int length, long byteHigh) {
        activate(segment, length, byteHigh);
        for (int block = 0; block < length; block += blockBytes) {
            int blockEnd = Math.min(length, block + blockBytes);
            PreSieve.fill(sieve, block, segment + block, blockEnd - block);
            for (int ri = 0; ri < 8; ri++) {
                crossOff(ri, groupStart[ri], groupActive[ri], blockEnd, blockEnd == length ? length : 0);
            }
        }
        if (segment <= PreSieve.LAST_BYTE) {
            // sieving primes start at their squares (> PRESIEVE_MAX_PRIME^2): nothing touches these bits again
            PreSieve.restorePrimes(sieve, segment, length);
        }
        for (int ri = 0; ri < 8; ri++) {
            crossOff(ri, groupStart[8 + ri], groupActive[8 + ri], length, length);
        }
        crossOffBuckets(segment, length, byteHigh);
        currentBucket = (currentBucket + 1) & ringMask;
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
            long first = Wheel30.firstMultiple(q, Math.max(q * q, low));
            long relative = (first >>> 3) - segment;
            int wheel = (int) first & 7;
            if (active < mediumEnd) {
                int base = (int) relative - Wheel30.cycleOffset((int) (q / 30), Wheel30.residueIndex(q), wheel);
                int slot = slotOf[active - firstSieving];
                next[slot] = base << 3 | wheel;
                groupActive[group(active)] = slot + 1;
            } else if (segment + relative < byteHigh) {
                int code = (int) (q / 30) << 3 | Wheel30.residueIndex(q);
                push((currentBucket + (int) (relative >>> segmentShift)) & ringMask, code,
                        (int) (relative & (segmentBytes - 1)) << 3 | wheel);
            }
            active++;
        }
    }

    /**
     * Crosses off, for the tiered primes in slots [lo, hi) whose residue index is {@code ri}, every
     * multiple below byte {@code end} of the segment, then stores each prime's state less
     * {@code consumed} bytes (the segment's length after its last block, else 0).
     *
     * <p>The state of a prime p = 30q + r is the byte where its current wheel cycle starts (the
     * multiple p*k with k = 1 mod 30; negative when that is before the segment) and the wheel index
     * w of its next multiple, which lies q * (RESIDUES[w] - 1) + r * RESIDUES[w] / 30 bytes further.
     * One method per residue r keeps the 8 offsets' constants and masks in the code (after
     * primesieve's EratSmall): finish the current cycle, cross whole cycles unrolled, then the
     * partial last one. The methods were written out by a script from the formula above: change
     * them only all together (the sieve tests check every residue against reference sieves).
     */
    private void crossOff(int ri, int lo, int hi, int end, int consumed) {
        if (lo < hi) {
            crossOff(ri, sieve, next, quotient, lo, hi, end, consumed);
        }
    }

    /** The crossing-off method of residue index {@code ri} on these arrays (also the JIT warm-up's way in). */
    private static void crossOff(int ri, byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        switch (ri) {
            case 0 -> crossOff1(s, next, quotient, lo, hi, end, consumed);
            case 1 -> crossOff7(s, next, quotient, lo, hi, end, consumed);
            case 2 -> crossOff11(s, next, quotient, lo, hi, end, consumed);
            case 3 -> crossOff13(s, next, quotient, lo, hi, end, consumed);
            case 4 -> crossOff17(s, next, quotient, lo, hi, end, consumed);
            case 5 -> crossOff19(s, next, quotient, lo, hi, end, consumed);
            case 6 -> crossOff23(s, next, quotient, lo, hi, end, consumed);
            default -> crossOff29(s, next, quotient, lo, hi, end, consumed);
        }
    }

    /**
     * Gets the eight crossing-off methods compiled the cheap way, once per JVM: many calls on a
     * few made-up primes each, in a small scratch block, with every wheel index, start and end
     * case. Their invocation counters then reach the JIT's thresholds after a few milliseconds of
     * interpreted and C1 code, and C2 compiles each method once. A real first segment instead calls
     * each of them a few times with loops of millions of iterations: the JVM then compiles every
     * method twice more for on-stack replacement (C1, then C2) besides the normal compiles, about
     * 0.3 s of a fresh worker's time (0.4 s of the 0.7 s of JIT work the sieve cost before).
     */
    private static void warmUpCrossingOff() {
        final int end = PrimesConfig.JIT_WARM_UP_BLOCK_BYTES;
        final int primes = 16;
        byte[] s = new byte[end + Long.BYTES];
        int[] next = new int[primes];
        int[] quotient = new int[primes];
        long seed = 0x9E3779B97F4A7C15L;
        long sink = 0;
        for (int call = 0; call < 8 * PrimesConfig.JIT_WARM_UP_CALLS; call++) {
            int ri = call & 7;
            for (int k = 0; k < primes; k++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                int bits = (int) (seed >>> 32);
                // sieving primes above the pre-sieve (q >= 5), a few whole cycles in the block or none
                int q = 5 + (bits & 0xFF) % PrimesConfig.JIT_WARM_UP_MAX_QUOTIENT;
                int w = (bits >>> 8) & 7;
                // the next multiple anywhere in the block or a little past it (a prime that misses the block)
                int position = ((bits >>> 11) & 0xFFFF) % (end + end / 8);
                quotient[k] = q;
                next[k] = (position - Wheel30.cycleOffset(q, ri, w)) << 3 | w;
            }
            int consumed = (call & 8) == 0 ? 0 : end;
            crossOff(ri, s, next, quotient, 0, primes, end, consumed);
            sink += next[call & (primes - 1)];
            if ((call & 63) == 63) {
                Arrays.fill(s, (byte) -1);
            }
        }
        warmUpSink = sink;
    }

    /** Keeps the warm-up's results alive, so the JIT cannot drop its calls. */
    @SuppressWarnings("unused")
    private static long warmUpSink;

    /** Crosses off the multiples of the bucket primes that fall in this segment and files each under its next segment. */
    private void crossOffBuckets(long segment, int length, long byteHigh) {
        final int b = currentBucket;
        int block = bucketHead[b];
        final int chain = block;
        int n = bucketFill[b];
        bucketHead[b] = -1;
        bucketFill[b] = BLOCK;
        final byte[] s = sieve;
        final long remaining = byteHigh - segment;
        final int shift = segmentShift;
        final int offsetMask = segmentBytes - 1;
        readingBucket = b;
        while (block >= 0) {
            // the pool may grow while we read: the detached block's entries are the same in either copy
            final long[] entries = pool;
            for (int e = block * BLOCK, end = e + n; e < end; e++) {
                long entry = entries[e];
                int code = (int) (entry >>> 32);
                int position = (int) entry;
                int q = code >>> 3;
                int t = (code & 7) << 3;
                int i = position >>> 3;
                int w = position & 7;
                do {
                    s[i] &= CLEAR[t + w];
                    i += q * K_STEP[w] + STEP_CARRY[t + w];
                    w = (w + 1) & 7;
                } while (i < length);
                // beyond the range: dropped (in the last segment this also keeps it out of the current bucket)
                if (i < remaining) {
                    push((b + (i >>> shift)) & ringMask, code, (i & offsetMask) << 3 | w);
                }
            }
            block = blockNext[block];
            n = BLOCK;
        }
        freeBlocks(chain);
        readingBucket = -1;
    }

    private void push(int bucket, int code, int position) {
        if (PrimesConfig.CHECKS && bucket == readingBucket) {
            throw new IllegalStateException("bucket " + bucket + " written while being read");
        }
        int fill = bucketFill[bucket];
        int block = bucketHead[bucket];
        if (fill == BLOCK) {
            int fresh = takeBlock();
            blockNext[fresh] = block;
            bucketHead[bucket] = block = fresh;
            fill = 0;
        }
        pool[block * BLOCK + fill] = (long) code << 32 | position;
        bucketFill[bucket] = fill + 1;
    }

    /** A block from the free list, growing the pool when it is empty (amortised: the pool keeps its size). */
    private int takeBlock() {
        if (freeBlock < 0) {
            int blocks = blockNext.length;
            int grown = Math.max(16, blocks * 2);
            pool = Arrays.copyOf(pool, BLOCK * grown);
            blockNext = Arrays.copyOf(blockNext, grown);
            for (int k = grown - 1; k >= blocks; k--) {
                blockNext[k] = freeBlock;
                freeBlock = k;
            }
        }
        int block = freeBlock;
        freeBlock = blockNext[block];
        return block;
    }

    /** Returns a bucket's list of blocks (from its head, -1 for none) to the free list. */
    private void freeBlocks(int block) {
        while (block >= 0) {
            int next = blockNext[block];
            blockNext[block] = freeBlock;
            freeBlock = block;
            block = next;
        }
    }

    /** Clears the bits of numbers outside [from, to) and zeroes the bytes past the segment up to a whole word. */
    private void trimToRange(long segment, int length, long from, long to) {
        long first = 30 * segment;
        if (first < from) {
            sieve[0] &= (byte) bitsAtLeast(from - first);
        }
        long last = 30 * (segment + length - 1);
        if (last + 30 > to) {
            sieve[length - 1] &= (byte) ~bitsAtLeast(to - last);
        }
        for (int i = length; (i & 7) != 0; i++) {
            sieve[i] = 0;
        }
    }

    /** The bits of a byte whose residues are at least {@code offset}. */
    private static int bitsAtLeast(long offset) {
        int bits = 0;
        for (int b = 0; b < 8; b++) {
            bits |= RESIDUES[b] >= offset ? 1 << b : 0;
        }
        return bits;
    }

    private void countSegment(long segment, int length, boolean withSum) {
        final byte[] s = sieve;
        int words = (length + 7) >>> 3;
        if (!withSum) {
            long all = 0;
            for (int w = 0; w < words; w++) {
                all += Long.bitCount((long) WORDS.get(s, w << 3));
            }
            if (all != 0) {
                addToResult(all, 0, 0, largestInSegment(segment, words));
            }
            return;
        }
        long all = 0;
        long weighted = 0;
        long i0 = 0;
        long i1 = 0;
        long i2 = 0;
        long r1 = 0;
        long r2 = 0;
        long r3 = 0;
        long r4 = 0;
        for (int w = 0; w < words; w++) {
            long x = (long) WORDS.get(s, w << 3);
            int c = Long.bitCount(x);
            all += c;
            weighted += (long) w * c;
            i0 += Long.bitCount(x & BYTE_INDEX_BIT0);
            i1 += Long.bitCount(x & BYTE_INDEX_BIT1);
            i2 += Long.bitCount(x & BYTE_INDEX_BIT2);
            r1 += Long.bitCount(x & RESIDUE_BIT1);
            r2 += Long.bitCount(x & RESIDUE_BIT2);
            r3 += Long.bitCount(x & RESIDUE_BIT3);
            r4 += Long.bitCount(x & RESIDUE_BIT4);
        }
        if (all == 0) {
            return;
        }
        // sum = all * 30 * segment + 30 * (sum of byte indexes) + (sum of residues), per set bit
        long byteIndexSum = 8 * weighted + i0 + 2 * i1 + 4 * i2;
        long residueSum = all + 2 * r1 + 4 * r2 + 8 * r3 + 16 * r4;
        long base = 30 * segment;
        addToResult(all, all * base + 30 * byteIndexSum + residueSum,
                Math.multiplyHigh(all, base) + carryOut(all * base, 30 * byteIndexSum + residueSum),
                largestInSegment(segment, words));
    }

    /** 1 when adding the unsigned a and b overflows 64 bits. */
    private static long carryOut(long a, long b) {
        return Long.compareUnsigned(a + b, a) < 0 ? 1 : 0;
    }

    private long largestInSegment(long segment, int words) {
        for (int w = words - 1; w >= 0; w--) {
            long x = (long) WORDS.get(sieve, w << 3);
            if (x != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(x);
                return 30 * (segment + (w << 3) + (bit >>> 3)) + RESIDUES[bit & 7];
            }
        }
        return -1;
    }

    private void emitSegment(long segment, int length, LongConsumer action) {
        int words = (length + 7) >>> 3;
        for (int w = 0; w < words; w++) {
            long x = (long) WORDS.get(sieve, w << 3);
            long base = 30 * (segment + (w << 3));
            while (x != 0) {
                int bit = Long.numberOfTrailingZeros(x);
                x &= x - 1;
                action.accept(base + 30 * (bit >>> 3) + RESIDUES[bit & 7]);
            }
        }
    }

    private void resetResult() {
        resultCount = 0;
        resultSumLow = 0;
        resultSumHigh = 0;
        resultMax = -1;
    }

    private void addToResult(long count, long sumLow, long sumHigh, long max) {
        long low = resultSumLow + sumLow;
        resultSumHigh += sumHigh + (Long.compareUnsigned(low, resultSumLow) < 0 ? 1 : 0);
        resultSumLow = low;
        resultCount += count;
        resultMax = Math.max(resultMax, max);
    }

    /** Index of the first element of the ascending {@code values} above {@code bound}. */
    private static int firstAbove(int[] values, long bound) {
        int i = Arrays.binarySearch(values, (int) Math.min(bound, Integer.MAX_VALUE));
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** {@link #crossOff} for the primes p = 30q + 1. */
    private static void crossOff1(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q >= end) { w = 1; break cycle; }
                        s[base + 6 * q] &= (byte) ~2;
                    }
                    if (w <= 2) {
                        if (base + 10 * q >= end) { w = 2; break cycle; }
                        s[base + 10 * q] &= (byte) ~4;
                    }
                    if (w <= 3) {
                        if (base + 12 * q >= end) { w = 3; break cycle; }
                        s[base + 12 * q] &= (byte) ~8;
                    }
                    if (w <= 4) {
                        if (base + 16 * q >= end) { w = 4; break cycle; }
                        s[base + 16 * q] &= (byte) ~16;
                    }
                    if (w <= 5) {
                        if (base + 18 * q >= end) { w = 5; break cycle; }
                        s[base + 18 * q] &= (byte) ~32;
                    }
                    if (w <= 6) {
                        if (base + 22 * q >= end) { w = 6; break cycle; }
                        s[base + 22 * q] &= (byte) ~64;
                    }
                    if (base + 28 * q >= end) { w = 7; break cycle; }
                    s[base + 28 * q] &= (byte) ~128;
                    base += 30 * q + 1;
                }
                for (final int limit = end - (28 * q); base < limit; base += 30 * q + 1) {
                    s[base] &= (byte) ~1;
                    s[base + 6 * q] &= (byte) ~2;
                    s[base + 10 * q] &= (byte) ~4;
                    s[base + 12 * q] &= (byte) ~8;
                    s[base + 16 * q] &= (byte) ~16;
                    s[base + 18 * q] &= (byte) ~32;
                    s[base + 22 * q] &= (byte) ~64;
                    s[base + 28 * q] &= (byte) ~128;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~1;
                if (base + 6 * q >= end) { w = 1; break cycle; }
                s[base + 6 * q] &= (byte) ~2;
                if (base + 10 * q >= end) { w = 2; break cycle; }
                s[base + 10 * q] &= (byte) ~4;
                if (base + 12 * q >= end) { w = 3; break cycle; }
                s[base + 12 * q] &= (byte) ~8;
                if (base + 16 * q >= end) { w = 4; break cycle; }
                s[base + 16 * q] &= (byte) ~16;
                if (base + 18 * q >= end) { w = 5; break cycle; }
                s[base + 18 * q] &= (byte) ~32;
                if (base + 22 * q >= end) { w = 6; break cycle; }
                s[base + 22 * q] &= (byte) ~64;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 7. */
    private static void crossOff7(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 1 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 1] &= (byte) ~32;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 2 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 2] &= (byte) ~16;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 3 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 3] &= (byte) ~1;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 3 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 3] &= (byte) ~128;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 4 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 4] &= (byte) ~8;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 5 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 5] &= (byte) ~4;
                    }
                    if (base + 28 * q + 6 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 6] &= (byte) ~64;
                    base += 30 * q + 7;
                }
                for (final int limit = end - (28 * q + 6); base < limit; base += 30 * q + 7) {
                    s[base] &= (byte) ~2;
                    s[base + 6 * q + 1] &= (byte) ~32;
                    s[base + 10 * q + 2] &= (byte) ~16;
                    s[base + 12 * q + 3] &= (byte) ~1;
                    s[base + 16 * q + 3] &= (byte) ~128;
                    s[base + 18 * q + 4] &= (byte) ~8;
                    s[base + 22 * q + 5] &= (byte) ~4;
                    s[base + 28 * q + 6] &= (byte) ~64;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~2;
                if (base + 6 * q + 1 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 1] &= (byte) ~32;
                if (base + 10 * q + 2 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 2] &= (byte) ~16;
                if (base + 12 * q + 3 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 3] &= (byte) ~1;
                if (base + 16 * q + 3 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 3] &= (byte) ~128;
                if (base + 18 * q + 4 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 4] &= (byte) ~8;
                if (base + 22 * q + 5 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 5] &= (byte) ~4;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 11. */
    private static void crossOff11(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 2 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 2] &= (byte) ~16;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 4 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 4] &= (byte) ~1;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 4 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 4] &= (byte) ~64;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 6 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 6] &= (byte) ~2;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 6 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 6] &= (byte) ~128;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 8 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 8] &= (byte) ~8;
                    }
                    if (base + 28 * q + 10 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 10] &= (byte) ~32;
                    base += 30 * q + 11;
                }
                for (final int limit = end - (28 * q + 10); base < limit; base += 30 * q + 11) {
                    s[base] &= (byte) ~4;
                    s[base + 6 * q + 2] &= (byte) ~16;
                    s[base + 10 * q + 4] &= (byte) ~1;
                    s[base + 12 * q + 4] &= (byte) ~64;
                    s[base + 16 * q + 6] &= (byte) ~2;
                    s[base + 18 * q + 6] &= (byte) ~128;
                    s[base + 22 * q + 8] &= (byte) ~8;
                    s[base + 28 * q + 10] &= (byte) ~32;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~4;
                if (base + 6 * q + 2 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 2] &= (byte) ~16;
                if (base + 10 * q + 4 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 4] &= (byte) ~1;
                if (base + 12 * q + 4 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 4] &= (byte) ~64;
                if (base + 16 * q + 6 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 6] &= (byte) ~2;
                if (base + 18 * q + 6 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 6] &= (byte) ~128;
                if (base + 22 * q + 8 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 8] &= (byte) ~8;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 13. */
    private static void crossOff13(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 3 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 3] &= (byte) ~1;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 4 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 4] &= (byte) ~64;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 5 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 5] &= (byte) ~32;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 7 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 7] &= (byte) ~4;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 8 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 8] &= (byte) ~2;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 9 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 9] &= (byte) ~128;
                    }
                    if (base + 28 * q + 12 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 12] &= (byte) ~16;
                    base += 30 * q + 13;
                }
                for (final int limit = end - (28 * q + 12); base < limit; base += 30 * q + 13) {
                    s[base] &= (byte) ~8;
                    s[base + 6 * q + 3] &= (byte) ~1;
                    s[base + 10 * q + 4] &= (byte) ~64;
                    s[base + 12 * q + 5] &= (byte) ~32;
                    s[base + 16 * q + 7] &= (byte) ~4;
                    s[base + 18 * q + 8] &= (byte) ~2;
                    s[base + 22 * q + 9] &= (byte) ~128;
                    s[base + 28 * q + 12] &= (byte) ~16;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~8;
                if (base + 6 * q + 3 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 3] &= (byte) ~1;
                if (base + 10 * q + 4 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 4] &= (byte) ~64;
                if (base + 12 * q + 5 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 5] &= (byte) ~32;
                if (base + 16 * q + 7 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 7] &= (byte) ~4;
                if (base + 18 * q + 8 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 8] &= (byte) ~2;
                if (base + 22 * q + 9 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 9] &= (byte) ~128;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 17. */
    private static void crossOff17(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 3 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 3] &= (byte) ~128;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 6 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 6] &= (byte) ~2;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 7 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 7] &= (byte) ~4;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 9 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 9] &= (byte) ~32;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 10 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 10] &= (byte) ~64;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 13 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 13] &= (byte) ~1;
                    }
                    if (base + 28 * q + 16 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 16] &= (byte) ~8;
                    base += 30 * q + 17;
                }
                for (final int limit = end - (28 * q + 16); base < limit; base += 30 * q + 17) {
                    s[base] &= (byte) ~16;
                    s[base + 6 * q + 3] &= (byte) ~128;
                    s[base + 10 * q + 6] &= (byte) ~2;
                    s[base + 12 * q + 7] &= (byte) ~4;
                    s[base + 16 * q + 9] &= (byte) ~32;
                    s[base + 18 * q + 10] &= (byte) ~64;
                    s[base + 22 * q + 13] &= (byte) ~1;
                    s[base + 28 * q + 16] &= (byte) ~8;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~16;
                if (base + 6 * q + 3 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 3] &= (byte) ~128;
                if (base + 10 * q + 6 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 6] &= (byte) ~2;
                if (base + 12 * q + 7 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 7] &= (byte) ~4;
                if (base + 16 * q + 9 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 9] &= (byte) ~32;
                if (base + 18 * q + 10 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 10] &= (byte) ~64;
                if (base + 22 * q + 13 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 13] &= (byte) ~1;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 19. */
    private static void crossOff19(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 4 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 4] &= (byte) ~8;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 6 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 6] &= (byte) ~128;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 8 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 8] &= (byte) ~2;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 10 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 10] &= (byte) ~64;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 12 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 12] &= (byte) ~1;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 14 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 14] &= (byte) ~16;
                    }
                    if (base + 28 * q + 18 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 18] &= (byte) ~4;
                    base += 30 * q + 19;
                }
                for (final int limit = end - (28 * q + 18); base < limit; base += 30 * q + 19) {
                    s[base] &= (byte) ~32;
                    s[base + 6 * q + 4] &= (byte) ~8;
                    s[base + 10 * q + 6] &= (byte) ~128;
                    s[base + 12 * q + 8] &= (byte) ~2;
                    s[base + 16 * q + 10] &= (byte) ~64;
                    s[base + 18 * q + 12] &= (byte) ~1;
                    s[base + 22 * q + 14] &= (byte) ~16;
                    s[base + 28 * q + 18] &= (byte) ~4;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~32;
                if (base + 6 * q + 4 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 4] &= (byte) ~8;
                if (base + 10 * q + 6 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 6] &= (byte) ~128;
                if (base + 12 * q + 8 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 8] &= (byte) ~2;
                if (base + 16 * q + 10 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 10] &= (byte) ~64;
                if (base + 18 * q + 12 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 12] &= (byte) ~1;
                if (base + 22 * q + 14 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 14] &= (byte) ~16;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 23. */
    private static void crossOff23(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 5 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 5] &= (byte) ~4;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 8 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 8] &= (byte) ~8;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 9 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 9] &= (byte) ~128;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 13 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 13] &= (byte) ~1;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 14 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 14] &= (byte) ~16;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 17 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 17] &= (byte) ~32;
                    }
                    if (base + 28 * q + 22 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 22] &= (byte) ~2;
                    base += 30 * q + 23;
                }
                for (final int limit = end - (28 * q + 22); base < limit; base += 30 * q + 23) {
                    s[base] &= (byte) ~64;
                    s[base + 6 * q + 5] &= (byte) ~4;
                    s[base + 10 * q + 8] &= (byte) ~8;
                    s[base + 12 * q + 9] &= (byte) ~128;
                    s[base + 16 * q + 13] &= (byte) ~1;
                    s[base + 18 * q + 14] &= (byte) ~16;
                    s[base + 22 * q + 17] &= (byte) ~32;
                    s[base + 28 * q + 22] &= (byte) ~2;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~64;
                if (base + 6 * q + 5 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 5] &= (byte) ~4;
                if (base + 10 * q + 8 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 8] &= (byte) ~8;
                if (base + 12 * q + 9 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 9] &= (byte) ~128;
                if (base + 16 * q + 13 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 13] &= (byte) ~1;
                if (base + 18 * q + 14 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 14] &= (byte) ~16;
                if (base + 22 * q + 17 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 17] &= (byte) ~32;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }

    /** {@link #crossOff} for the primes p = 30q + 29. */
    private static void crossOff29(byte[] s, int[] next, int[] quotient, int lo, int hi, int end, int consumed) {
        for (int k = lo; k < hi; k++) {
            int state = next[k];
            int base = state >> 3;
            if (base >= end) {
                next[k] = state - (consumed << 3);
                continue;
            }
            int w = state & 7;
            final int q = quotient[k];
            cycle:
            {
                if (w != 0) {
                    if (w <= 1) {
                        if (base + 6 * q + 6 >= end) { w = 1; break cycle; }
                        s[base + 6 * q + 6] &= (byte) ~64;
                    }
                    if (w <= 2) {
                        if (base + 10 * q + 10 >= end) { w = 2; break cycle; }
                        s[base + 10 * q + 10] &= (byte) ~32;
                    }
                    if (w <= 3) {
                        if (base + 12 * q + 12 >= end) { w = 3; break cycle; }
                        s[base + 12 * q + 12] &= (byte) ~16;
                    }
                    if (w <= 4) {
                        if (base + 16 * q + 16 >= end) { w = 4; break cycle; }
                        s[base + 16 * q + 16] &= (byte) ~8;
                    }
                    if (w <= 5) {
                        if (base + 18 * q + 18 >= end) { w = 5; break cycle; }
                        s[base + 18 * q + 18] &= (byte) ~4;
                    }
                    if (w <= 6) {
                        if (base + 22 * q + 22 >= end) { w = 6; break cycle; }
                        s[base + 22 * q + 22] &= (byte) ~2;
                    }
                    if (base + 28 * q + 28 >= end) { w = 7; break cycle; }
                    s[base + 28 * q + 28] &= (byte) ~1;
                    base += 30 * q + 29;
                }
                for (final int limit = end - (28 * q + 28); base < limit; base += 30 * q + 29) {
                    s[base] &= (byte) ~128;
                    s[base + 6 * q + 6] &= (byte) ~64;
                    s[base + 10 * q + 10] &= (byte) ~32;
                    s[base + 12 * q + 12] &= (byte) ~16;
                    s[base + 16 * q + 16] &= (byte) ~8;
                    s[base + 18 * q + 18] &= (byte) ~4;
                    s[base + 22 * q + 22] &= (byte) ~2;
                    s[base + 28 * q + 28] &= (byte) ~1;
                }
                if (base >= end) { w = 0; break cycle; }
                s[base] &= (byte) ~128;
                if (base + 6 * q + 6 >= end) { w = 1; break cycle; }
                s[base + 6 * q + 6] &= (byte) ~64;
                if (base + 10 * q + 10 >= end) { w = 2; break cycle; }
                s[base + 10 * q + 10] &= (byte) ~32;
                if (base + 12 * q + 12 >= end) { w = 3; break cycle; }
                s[base + 12 * q + 12] &= (byte) ~16;
                if (base + 16 * q + 16 >= end) { w = 4; break cycle; }
                s[base + 16 * q + 16] &= (byte) ~8;
                if (base + 18 * q + 18 >= end) { w = 5; break cycle; }
                s[base + 18 * q + 18] &= (byte) ~4;
                if (base + 22 * q + 22 >= end) { w = 6; break cycle; }
                s[base + 22 * q + 22] &= (byte) ~2;
                w = 7;
            }
            next[k] = (base - consumed) << 3 | w;
        }
    }
}
