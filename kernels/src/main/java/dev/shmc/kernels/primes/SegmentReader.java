package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.Wheel30.RESIDUES;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.LongConsumer;

/**
 * Reads the primes out of sieved segments (after primesieve's CountPrintPrimes): counts them, and
 * sums them, into a running total over a range's segments ({@link #count}, {@link #result}), or
 * lists them ({@link #forEach}). The count is {@code Long.bitCount} over words; the sum comes from
 * per-bit-plane counts, without visiting each prime. A segment is read in whole words: its bytes
 * past the end up to a word must be zero ({@link #trimToRange}). Not thread-safe: one per sieve.
 */
final class SegmentReader {
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

    private long count;
    private long sumLow;
    private long sumHigh;
    private long max;

    SegmentReader() {
        reset();
    }

    /** Zeroes the running total. */
    void reset() {
        count = 0;
        sumLow = 0;
        sumHigh = 0;
        max = -1;
    }

    /** The running total. */
    PrimeStats result() {
        return count == 0 ? PrimeStats.EMPTY : new PrimeStats(count, sumLow, sumHigh, max);
    }

    /** Adds {@code count} primes with this sum (unsigned 128-bit) and largest one to the running total. */
    void add(long count, long sumLow, long sumHigh, long max) {
        long low = this.sumLow + sumLow;
        this.sumHigh += sumHigh + (Long.compareUnsigned(low, this.sumLow) < 0 ? 1 : 0);
        this.sumLow = low;
        this.count += count;
        this.max = Math.max(this.max, max);
    }

    /**
     * Clears the bits of {@code sieve}, holding {@code length} bytes from absolute byte
     * {@code segment}, that stand for numbers outside [from, to), and zeroes its bytes past the
     * end up to a whole word.
     */
    static void trimToRange(byte[] sieve, long segment, int length, long from, long to) {
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

    /**
     * Adds the primes of {@code sieve}, holding {@code length} bytes from absolute byte
     * {@code segment}, to the running total; their sum only when {@code withSum} (one bit count per
     * word instead of eight).
     */
    void count(byte[] sieve, long segment, int length, boolean withSum) {
        final byte[] s = sieve;
        int words = (length + 7) >>> 3;
        if (!withSum) {
            long all = 0;
            for (int w = 0; w < words; w++) {
                all += Long.bitCount((long) WORDS.get(s, w << 3));
            }
            if (all != 0) {
                add(all, 0, 0, largestInSegment(s, segment, words));
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
        add(all, all * base + 30 * byteIndexSum + residueSum,
                Math.multiplyHigh(all, base) + carryOut(all * base, 30 * byteIndexSum + residueSum),
                largestInSegment(s, segment, words));
    }

    /** 1 when adding the unsigned a and b overflows 64 bits. */
    private static long carryOut(long a, long b) {
        return Long.compareUnsigned(a + b, a) < 0 ? 1 : 0;
    }

    private static long largestInSegment(byte[] sieve, long segment, int words) {
        for (int w = words - 1; w >= 0; w--) {
            long x = (long) WORDS.get(sieve, w << 3);
            if (x != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(x);
                return 30 * (segment + (w << 3) + (bit >>> 3)) + RESIDUES[bit & 7];
            }
        }
        return -1;
    }

    /** Calls {@code action} for each prime of {@code sieve} (as for {@link #count}), in increasing order. */
    static void forEach(byte[] sieve, long segment, int length, LongConsumer action) {
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
}
