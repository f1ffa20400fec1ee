package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.Wheel30.CLEAR;
import static dev.shmc.kernels.primes.Wheel30.K_STEP;
import static dev.shmc.kernels.primes.Wheel30.STEP_CARRY;

import java.util.Arrays;

/**
 * The large sieving primes, which hit a segment a few times at most or miss it: each waits in the
 * bucket of the segment of its next multiple (after primesieve's EratBig), so it costs nothing in
 * the segments it misses. The buckets are a ring, one per segment ahead, as many as the largest
 * prime's step needs; crossing off the current bucket files each prime under the bucket of its
 * next multiple, and the ring then moves on one segment.
 *
 * <p>A bucket is a list of blocks of {@link PrimesConfig#BUCKET_BLOCK_ENTRIES} entries from one
 * pool, so that the memory follows the number of large primes (8 bytes each, 16 MB near 1e15)
 * rather than every bucket growing to the largest. An entry is one long: high int
 * (q << 3 | residue index of p), low int (byte of the next multiple in its segment << 3 | wheel
 * index). A bucket's blocks return to the free list only after the whole bucket is crossed off:
 * reusing a block while the next one is still being read measured 10% slower. The pool keeps its
 * capacity across ranges. Not thread-safe: one per sieve.
 */
final class BucketTier {
    private static final int BLOCK = PrimesConfig.BUCKET_BLOCK_ENTRIES;

    private final int segmentShift;
    private final int segmentMask;
    private long[] pool = new long[0];
    /** By block: the next block of the same bucket, or -1; for free blocks, the next free one. */
    private int[] blockNext = new int[0];
    private int freeBlock = -1;
    /** By bucket: the block being filled (the list's head), -1 for none. */
    private final int[] bucketHead;
    /** By bucket: entries in its head block; BLOCK when there is no head, so that a push takes a block. */
    private final int[] bucketFill;
    private final int ringMask;
    /** The bucket of the current segment. */
    private int currentBucket;
    /** The bucket being crossed off, -1 outside; only for the CHECKS invariant. */
    private int readingBucket = -1;

    /** Buckets for segments of {@code segmentBytes} (a power of two) and primes up to {@code largestPrime}. */
    BucketTier(int segmentBytes, long largestPrime) {
        this.segmentShift = Integer.numberOfTrailingZeros(segmentBytes);
        this.segmentMask = segmentBytes - 1;
        // a multiple moves at most 6q + 6 bytes per step: the ring must reach that many segments ahead
        long maxStep = 6L * (largestPrime / 30) + 6;
        int ring = Integer.highestOneBit((int) ((segmentBytes + maxStep) >>> segmentShift) + 2) << 1;
        this.bucketHead = new int[ring];
        this.bucketFill = new int[ring];
        Arrays.fill(bucketHead, -1);
        Arrays.fill(bucketFill, BLOCK);
        this.ringMask = ring - 1;
    }

    /** Empties every bucket, for a new range: the current segment is the range's first. */
    void reset() {
        for (int b = 0; b <= ringMask; b++) {
            freeBlocks(bucketHead[b]);
        }
        Arrays.fill(bucketHead, -1);
        Arrays.fill(bucketFill, BLOCK);
        currentBucket = 0;
    }

    /**
     * Files the prime {@code p} with its first multiple at byte {@code relative} (at least 0) from
     * the current segment's start and wheel index {@code wheel}.
     */
    void activate(long p, long relative, int wheel) {
        int code = (int) (p / 30) << 3 | Wheel30.residueIndex(p);
        push((currentBucket + (int) (relative >>> segmentShift)) & ringMask, code,
                (int) (relative & segmentMask) << 3 | wheel);
    }

    /**
     * Crosses off the multiples of the current bucket's primes in {@code sieve[0, length)}, files
     * each under the bucket of its next multiple when that lies less than {@code remaining} bytes
     * from the segment's start (the range's end), and moves the ring on to the next segment.
     */
    void crossOff(byte[] sieve, int length, long remaining) {
        final int b = currentBucket;
        int block = bucketHead[b];
        final int chain = block;
        int n = bucketFill[b];
        bucketHead[b] = -1;
        bucketFill[b] = BLOCK;
        final byte[] s = sieve;
        final int shift = segmentShift;
        final int offsetMask = segmentMask;
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
        currentBucket = (b + 1) & ringMask;
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
}
