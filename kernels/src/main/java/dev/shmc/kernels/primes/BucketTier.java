package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.Wheel210.CARRY;
import static dev.shmc.kernels.primes.Wheel210.CLEAR;
import static dev.shmc.kernels.primes.Wheel210.STEP_GAP;
import static dev.shmc.kernels.primes.Wheel210.STEP_NEXT;

import java.util.Arrays;

/**
 * The large sieving primes, which hit a segment a few times at most or miss it: each waits in the
 * bucket of the segment of its next multiple (after primesieve's EratBig), so it costs nothing in
 * the segments it misses. There is a bucket per segment ahead, the current segment's first, as many
 * as the largest prime's step needs: bucket d holds the primes whose next multiple is d segments
 * on, so that the loop files an entry under {@code offset >>> log2(segment bytes)}, and the buckets
 * move down one place after each segment. Crossing off the current bucket crosses off one multiple
 * per entry and files the prime under the bucket of its next multiple, the current one included:
 * the loop has no branch on how many multiples a prime has in the segment, and the current bucket
 * is crossed off again until it stays empty. The large primes step on the mod-210 wheel
 * ({@link Wheel210}): a seventh fewer multiples than on the mod-30 one.
 *
 * <p>A bucket is a list of blocks of {@link PrimesConfig#BUCKET_BLOCK_ENTRIES} entries from one
 * pool, so that the memory follows the number of large primes (8 bytes each, 16 MB near 1e15)
 * rather than every bucket growing to the largest. An entry is one long: high int q = p / 30, low
 * int (byte of the next multiple in its segment << 9 | residue index of p mod 30 << 6 | wheel
 * index), so that the loop reads its tables through the low 9 bits with no bounds check; segments
 * are at most 4 MiB (22 bits). A bucket is its cursor: the pool index of its next entry, in its
 * head block. A bucket's blocks return to the free list only after the whole list is crossed off:
 * reusing a block while the next one is still being read measured 10% slower. The pool keeps its
 * capacity across ranges. Not thread-safe: one per sieve.
 */
final class BucketTier {
    private static final int BLOCK = PrimesConfig.BUCKET_BLOCK_ENTRIES;
    private static final int BLOCK_SHIFT = Integer.numberOfTrailingZeros(BLOCK);
    /** Low bits of an entry's position: the wheel state {@code ri << 6 | w} (see {@link Wheel210}). */
    private static final int STATE_BITS = 9;
    private static final int STATE_MASK = (1 << STATE_BITS) - 1;

    static {
        if (Integer.bitCount(BLOCK) != 1) {
            throw new AssertionError("BUCKET_BLOCK_ENTRIES must be a power of two");
        }
    }

    /** The segment's bytes ({@link PrimesConfig#SEGMENT_BYTES}) as constants, which the JIT folds into the loop's instructions. */
    private static final int SEGMENT_SHIFT = Integer.numberOfTrailingZeros(PrimesConfig.SEGMENT_BYTES);
    private static final int SEGMENT_MASK = PrimesConfig.SEGMENT_BYTES - 1;
    /** Block 0 is never handed out: a cursor of 0 is an empty bucket, and a block link of 0 ends a list. */
    private long[] pool = new long[BLOCK];
    /** By block: the next block of the same bucket, or 0; for free blocks, the next free one. */
    private int[] blockNext = new int[1];
    private int freeBlock;
    /** Blocks in the free list. */
    private int freeCount;
    /**
     * By bucket, the current segment's first: the pool index of its next entry, 0 for an empty
     * bucket. A multiple of BLOCK means its head block is full, so that a push takes a block.
     */
    private final int[] cursor;

    /** Buckets for segments of {@link PrimesConfig#SEGMENT_BYTES} and primes up to {@code largestPrime}. */
    BucketTier(long largestPrime) {
        // a multiple moves at most 10q + 10 bytes per step (the wheel's largest gap), and a first
        // multiple lies as far from where it is looked for: the buckets must reach that far
        long maxStep = 10L * (largestPrime / 30) + 11;
        this.cursor = new int[(int) ((PrimesConfig.SEGMENT_BYTES + maxStep) >>> SEGMENT_SHIFT) + 2];
    }

    /** Empties every bucket, for a new range: the current segment is the range's first. */
    void reset() {
        for (int b = 0; b < cursor.length; b++) {
            if (cursor[b] != 0) {
                freeBlocks(headBlock(cursor[b]));
                cursor[b] = 0;
            }
        }
    }

    /**
     * Files the prime {@code p} (above the pre-sieve's primes) with its first multiple
     * {@code p*k} at byte {@code relative} (at least 0) from the current segment's start, k
     * coprime to 210.
     */
    void activate(long p, long relative, long k) {
        push((int) (relative >>> SEGMENT_SHIFT), (int) (p / 30),
                (int) (relative & SEGMENT_MASK) << STATE_BITS | Wheel30.residueIndex(p) << 6 | Wheel210.wheelIndex(k));
    }

    /**
     * Crosses off the multiples of the current bucket's primes in the segment {@code sieve}, files
     * each under the bucket of its next multiple when that lies less than {@code remaining} bytes
     * from the segment's start (the range's end, so that in the last segment every multiple
     * crossed off lies within its length), and moves the buckets down one segment.
     */
    void crossOff(byte[] sieve, long remaining) {
        final int end = (int) Math.min(remaining, Integer.MAX_VALUE);
        while (cursor[0] != 0) {
            // detach the list: what this pass files under the current bucket starts a new one
            final int head = headBlock(cursor[0]);
            final int inHead = cursor[0] - (head << BLOCK_SHIFT);
            cursor[0] = 0;
            // every block the pass may take (a block per BLOCK entries, and one per bucket's partly
            // filled head), so that its loop neither grows the pool nor calls out
            reserve(1 + listLength(blockNext[head]) + cursor.length);
            crossOffList(sieve, head, inHead, end);
            freeBlocks(head);
        }
        // the current bucket is empty: it becomes the last one
        System.arraycopy(cursor, 1, cursor, 0, cursor.length - 1);
        cursor[cursor.length - 1] = 0;
    }

    /**
     * One pass of {@link #crossOff} over a detached list from block {@code head}, which holds
     * {@code inHead} entries (the others are full), with enough free blocks reserved: the pool's
     * arrays and the free list are locals here, so that the JIT keeps them in registers.
     */
    private void crossOffList(byte[] s, int head, int inHead, int end) {
        final long[] pool = this.pool;
        final int[] cursor = this.cursor;
        final int[] link = this.blockNext;
        int free = freeBlock;
        int taken = 0;
        int n = inHead;
        for (int block = head; block != 0; block = link[block], n = BLOCK) {
            for (int e = block << BLOCK_SHIFT, last = e + n; e < last; e++) {
                long entry = pool[e];
                int q = (int) (entry >>> 32);
                int position = (int) entry;
                int t = position & STATE_MASK;
                int i = position >>> STATE_BITS;
                s[i] &= CLEAR[t];
                i += q * STEP_GAP[t] + CARRY[t];
                // beyond the range: dropped (in the last segment this also keeps it out of the current bucket)
                if (i < end) {
                    int bucket = i >>> SEGMENT_SHIFT;
                    int c = cursor[bucket];
                    if ((c & (BLOCK - 1)) == 0) {
                        // empty, or the head block is full: a reserved block
                        int fresh = free;
                        if (PrimesConfig.CHECKS && fresh == 0) {
                            throw new IllegalStateException("a bucket pass took more blocks than it reserved");
                        }
                        free = link[fresh];
                        link[fresh] = c == 0 ? 0 : headBlock(c);
                        c = fresh << BLOCK_SHIFT;
                        taken++;
                    }
                    pool[c] = (long) q << 32 | (i & SEGMENT_MASK) << STATE_BITS | STEP_NEXT[t];
                    cursor[bucket] = c + 1;
                }
            }
        }
        freeBlock = free;
        freeCount -= taken;
    }

    /** Blocks in the list from {@code block} (0 for none). */
    private int listLength(int block) {
        int n = 0;
        for (; block != 0; block = blockNext[block]) {
            n++;
        }
        return n;
    }

    /** The head block of a bucket whose cursor is {@code c} (not 0). */
    private static int headBlock(int c) {
        return (c - 1) >>> BLOCK_SHIFT;
    }

    private void push(int bucket, int q, int position) {
        int c = cursor[bucket];
        if ((c & (BLOCK - 1)) == 0) {
            // empty, or the head block is full
            int fresh = takeBlock();
            blockNext[fresh] = c == 0 ? 0 : headBlock(c);
            c = fresh << BLOCK_SHIFT;
        }
        pool[c] = (long) q << 32 | position;
        cursor[bucket] = c + 1;
    }

    /** A block from the free list, growing the pool when it is empty. */
    private int takeBlock() {
        reserve(1);
        int block = freeBlock;
        freeBlock = blockNext[block];
        freeCount--;
        return block;
    }

    /** Grows the pool until the free list has {@code blocks} blocks (amortised: the pool keeps its size). */
    private void reserve(int blocks) {
        while (freeCount < blocks) {
            int size = blockNext.length;
            int grown = Math.max(16, size * 2);
            pool = Arrays.copyOf(pool, BLOCK * grown);
            blockNext = Arrays.copyOf(blockNext, grown);
            for (int k = grown - 1; k >= size; k--) {
                blockNext[k] = freeBlock;
                freeBlock = k;
            }
            freeCount += grown - size;
        }
    }

    /** Returns a list of blocks (from its head, 0 for none) to the free list. */
    private void freeBlocks(int block) {
        while (block != 0) {
            int next = blockNext[block];
            blockNext[block] = freeBlock;
            freeBlock = block;
            freeCount++;
            block = next;
        }
    }
}
