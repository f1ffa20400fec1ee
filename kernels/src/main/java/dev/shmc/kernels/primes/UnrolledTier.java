package dev.shmc.kernels.primes;

import java.util.Arrays;

/**
 * A tier of sieving primes that cross off a whole wheel cycle per loop iteration
 * ({@link UnrolledCrossOff}): the sieve has two, the small primes, run on every L1 block of a
 * segment, and the medium ones, run once per segment. A prime enters its tier when its square
 * enters the sieved range ({@link #activate}); the tier then carries its next multiple from
 * block to block and segment to segment.
 *
 * <p>The primes live in slots grouped by residue: slots [groupStart[ri], groupStart[ri + 1]) hold
 * the tier's primes p with residue index ri, ascending, so one loop method serves a whole group
 * with its constants. A range activates each group's primes in order, so the active ones are
 * [groupStart[ri], groupActive[ri]). Not thread-safe: one per sieve.
 */
final class UnrolledTier {
    /** Index in the sieving primes of the tier's first prime. */
    private final int first;
    private final int[] groupStart = new int[9];
    private final int[] groupActive = new int[8];
    /** By prime (index - first): its slot. */
    private final int[] slotOf;
    /** By slot: p / 30. */
    private final int[] quotient;
    /** By slot: the wheel cycle's start byte relative to the current segment, shifted left 3, or the wheel index. */
    private final int[] next;

    /** The tier of the sieving primes {@code prime[first, end)}. */
    UnrolledTier(int[] prime, int first, int end) {
        this.first = first;
        int size = end - first;
        this.slotOf = new int[size];
        this.quotient = new int[size];
        this.next = new int[size];
        for (int i = first; i < end; i++) {
            groupStart[Wheel30.residueIndex(prime[i]) + 1]++;
        }
        for (int ri = 0; ri < 8; ri++) {
            groupStart[ri + 1] += groupStart[ri];
        }
        int[] fill = Arrays.copyOf(groupStart, 8);
        for (int i = first; i < end; i++) {
            int slot = fill[Wheel30.residueIndex(prime[i])]++;
            slotOf[i - first] = slot;
            quotient[slot] = prime[i] / 30;
        }
    }

    /** Deactivates every prime, for a new range. */
    void reset() {
        System.arraycopy(groupStart, 0, groupActive, 0, 8);
    }

    /**
     * Activates the prime {@code p} (index {@code i} in the sieving primes, in ascending order
     * within the range) with its first multiple at byte {@code relative} of the current segment
     * and wheel index {@code wheel}.
     */
    void activate(int i, int p, int relative, int wheel) {
        int ri = Wheel30.residueIndex(p);
        int base = relative - Wheel30.cycleOffset(p / 30, ri, wheel);
        int slot = slotOf[i - first];
        next[slot] = base << 3 | wheel;
        groupActive[ri] = slot + 1;
    }

    /**
     * Crosses off every multiple of the active primes below byte {@code end} of {@code sieve},
     * then moves each prime's state {@code consumed} bytes back: the segment's length after its
     * last block, so that the state is relative to the next segment, else 0.
     */
    void crossOff(byte[] sieve, int end, int consumed) {
        for (int ri = 0; ri < 8; ri++) {
            int lo = groupStart[ri];
            int hi = groupActive[ri];
            if (lo < hi) {
                UnrolledCrossOff.crossOff(ri, sieve, next, quotient, lo, hi, end, consumed);
            }
        }
    }
}
