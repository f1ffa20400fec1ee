package dev.shmc.kernels.primes;

import java.math.BigInteger;

/**
 * What a sieve found in a range: how many primes, their sum and the largest. Results of disjoint
 * ranges {@link #combine} in any order into the result of their union.
 *
 * @param count   number of primes
 * @param sumLow  low 64 bits of the sum of the primes, an unsigned 128-bit number
 * @param sumHigh high 64 bits of the sum
 * @param max     the largest prime, -1 when there is none
 */
public record PrimeStats(long count, long sumLow, long sumHigh, long max) {
    /** No primes. */
    public static final PrimeStats EMPTY = new PrimeStats(0, 0, 0, -1);

    public PrimeStats {
        if (count < 0 || max < -1 || (count == 0) != (max == -1)) {
            throw new IllegalArgumentException("inconsistent stats: count " + count + ", max " + max);
        }
    }

    /** The stats of the union of two disjoint ranges. */
    public PrimeStats combine(PrimeStats other) {
        long low = sumLow + other.sumLow;
        long carry = Long.compareUnsigned(low, sumLow) < 0 ? 1 : 0;
        return new PrimeStats(count + other.count, low, sumHigh + other.sumHigh + carry, Math.max(max, other.max));
    }

    /** The sum of the primes. */
    public BigInteger sum() {
        return toUnsigned(sumHigh).shiftLeft(64).or(toUnsigned(sumLow));
    }

    private static BigInteger toUnsigned(long word) {
        BigInteger value = BigInteger.valueOf(word & Long.MAX_VALUE);
        return word < 0 ? value.setBit(63) : value;
    }
}
