package dev.shmc.kernels.primes;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The primes up to the square root of a limit: what a {@link SegmentedSieve} needs to sieve any
 * range ending at or below that limit. Computed once, immutable, and shared read-only between
 * threads (each thread builds its own {@link SegmentedSieve} on it).
 *
 * <p>Memory: 4 bytes per prime, about 7.5 MB for a limit of 1e15 (1.86 million primes below 3.2e7).
 */
public final class SievingPrimes {
    /** Largest supported limit: keeps every sieving prime in an int and every multiple far from overflow. */
    public static final long MAX_LIMIT = 1L << 62;

    /** Below this square root, a plain sieve of Eratosthenes; above, the segmented sieve on a smaller instance. */
    private static final int PLAIN_SIEVE_MAX = 1 << 20;

    private final long limit;
    private final int[] primes;

    private SievingPrimes(long limit, int[] primes) {
        this.limit = limit;
        this.primes = primes;
    }

    /**
     * The sieving primes for query ranges ending at {@code limit} (inclusive): all primes
     * {@code <= floor(sqrt(limit))}.
     *
     * @param limit 0 to {@link #MAX_LIMIT}
     */
    public static SievingPrimes upTo(long limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside [0, 2^62]");
        }
        long root = IntegerRoot.floorSqrt(limit);
        if (root <= PLAIN_SIEVE_MAX) {
            return new SievingPrimes(limit, plainSieve((int) root));
        }
        // the segmented sieve needs only the primes up to root^(1/2): bootstraps in two levels up to 2^62
        SegmentedSieve sieve = new SegmentedSieve(upTo(root));
        IntList list = new IntList((int) Math.min(Integer.MAX_VALUE - 8, 1.26 * root / Math.log(root) + 16));
        sieve.forEachPrime(0, root + 1, list, () -> false);
        return new SievingPrimes(limit, list.toArray());
    }

    /** The limit this set was computed for: ranges up to {@code limit} inclusive can be sieved. */
    public long limit() {
        return limit;
    }

    /** Number of sieving primes (including 2, 3 and 5). */
    public int size() {
        return primes.length;
    }

    /** The i-th sieving prime, ascending from 2. */
    public int get(int i) {
        return primes[i];
    }

    /** The largest sieving prime, 0 when there is none (limit below 4). */
    public int largest() {
        return primes.length == 0 ? 0 : primes[primes.length - 1];
    }

    /** The backing array, for the sieves of this package: never written. */
    int[] array() {
        return primes;
    }

    private static int[] plainSieve(int n) {
        if (n < 2) {
            return new int[0];
        }
        // bit j stands for the odd number 2j + 1
        long[] composite = new long[(n >>> 7) + 1];
        for (long i = 3; i * i <= n; i += 2) {
            if ((composite[(int) (i >>> 7)] & 1L << (i >>> 1)) == 0) {
                for (long j = i * i; j <= n; j += 2 * i) {
                    composite[(int) (j >>> 7)] |= 1L << (j >>> 1);
                }
            }
        }
        IntList list = new IntList(n / 2 + 1);
        list.accept(2);
        for (int i = 3; i <= n; i += 2) {
            if ((composite[i >>> 7] & 1L << (i >>> 1)) == 0) {
                list.accept(i);
            }
        }
        return list.toArray();
    }

    /** Collects primes that fit an int. */
    private static final class IntList implements LongConsumer {
        private int[] values;
        private int size;

        IntList(int capacity) {
            values = new int[capacity];
        }

        @Override
        public void accept(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.max(16, size * 2));
            }
            values[size++] = (int) value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
