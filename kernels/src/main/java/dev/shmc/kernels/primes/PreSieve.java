package dev.shmc.kernels.primes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initialises sieve bytes with the multiples of the primes 7 .. {@link PrimesConfig#PRESIEVE_MAX_PRIME}
 * already crossed off, by ANDing precomputed patterns instead of crossing off.
 *
 * <p>The primes are grouped so that each group's product P stays small; a group's pattern is the
 * wheel image of the numbers coprime to the group, and repeats every P bytes (30P numbers are a
 * multiple of every prime of the group). Patterns are ANDed four at a time; they total about 250 KB
 * for primes up to 163, so they stay in L2 beside the segment. The patterns cross off the
 * pre-sieved primes themselves too: the caller restores them ({@link #restorePrimes}).
 *
 * <p>The AND runs a vector at a time ({@link PreSieveVectors}) once the sieve's JIT warm-up has
 * seen C2's code for that loop ({@link #warmUpVectors}), and a 64-bit word at a time before, or
 * in a JVM without the Vector API's module: the Vector API's code before C2 is a hundred times
 * slower than the word loop. Both write the same bytes. Immutable after class initialisation but
 * for that switch: shared by all threads.
 */
final class PreSieve {
    private PreSieve() {
    }

    /** Largest product of a group's primes: a pattern's bytes (its period) stay below 32 KiB. */
    private static final int MAX_PERIOD = 1 << 15;

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * Bytes past the end of its range that {@link #fill} may write, which must exist in the
     * destination: up to one vector (64 bytes covers the widest, AVX-512).
     */
    static final int SLACK = 64;

    /**
     * Whether this JVM has the Vector API's module, without which {@link PreSieveVectors} must not
     * be loaded (its verification loads the Vector API's classes).
     */
    static final boolean VECTORS_AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * Whether {@link #fill} ANDs a vector at a time: set by {@link #warmUpVectors} once C2 compiled
     * the vector loop, unless {@code -Dshmc.primes.vectorPreSieve=false}.
     */
    private static volatile boolean vectors;

    private static final int[] PERIODS;
    private static final byte[][] PATTERNS;
    /** The pre-sieved primes, ascending. */
    static final int[] PRIMES;
    /** The byte of the largest pre-sieved prime. */
    static final int LAST_BYTE = PrimesConfig.PRESIEVE_MAX_PRIME / 30;

    static {
        // the primes 7 .. max in order, cut into groups whose product stays within MAX_PERIOD
        int[] primes = new int[PrimesConfig.PRESIEVE_MAX_PRIME];
        int[] groupEnd = new int[PrimesConfig.PRESIEVE_MAX_PRIME];
        int count = 0;
        int groups = 0;
        long product = 1;
        for (int p = 7; p <= PrimesConfig.PRESIEVE_MAX_PRIME; p += 2) {
            if (isSmallPrime(p)) {
                if (product * p > MAX_PERIOD) {
                    groupEnd[groups++] = count;
                    product = 1;
                }
                primes[count++] = p;
                product *= p;
            }
        }
        groupEnd[groups++] = count;
        PRIMES = Arrays.copyOf(primes, count);
        PERIODS = new int[groups];
        PATTERNS = new byte[groups][];
        for (int g = 0, start = 0; g < groups; start = groupEnd[g++]) {
            int[] members = Arrays.copyOfRange(PRIMES, start, groupEnd[g]);
            int period = 1;
            for (int p : members) {
                period *= p;
            }
            PERIODS[g] = period;
            PATTERNS[g] = pattern(members, period + SLACK);
        }
    }

    private static boolean isSmallPrime(int n) {
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return n >= 2;
    }

    private static byte[] pattern(int[] members, int length) {
        byte[] pattern = new byte[length];
        Arrays.fill(pattern, (byte) -1);
        for (int p : members) {
            for (int b = 0; b < 8; b++) {
                // 30j + RESIDUES[b] is a multiple of p for every p-th byte j from the first one
                int j = 0;
                while ((30 * j + Wheel30.RESIDUES[b]) % p != 0) {
                    j++;
                }
                for (; j < length; j += p) {
                    pattern[j] &= (byte) ~(1 << b);
                }
            }
        }
        return pattern;
    }

    /**
     * Writes {@code dst[off, off + n)} as the pre-sieved image of the sieve bytes starting at
     * absolute byte {@code firstByte} (the numbers from {@code 30 * firstByte}). May write up to
     * {@link #SLACK} bytes past {@code off + n}, which must exist.
     */
    static void fill(byte[] dst, int off, long firstByte, int n) {
        fill(dst, off, firstByte, n, vectors);
    }

    /** {@link #fill}, a vector at a time or a word at a time (for the warm-up and the tests). */
    static void fill(byte[] dst, int off, long firstByte, int n, boolean vector) {
        int groups = PATTERNS.length;
        if (groups == 0) {
            Arrays.fill(dst, off, off + n, (byte) -1);
            return;
        }
        for (int g = 0; g < groups; g += 4) {
            // an incomplete last pass repeats its last pattern (an AND is idempotent)
            int g1 = Math.min(g + 1, groups - 1);
            int g2 = Math.min(g + 2, groups - 1);
            int g3 = Math.min(g + 3, groups - 1);
            andPatterns(dst, off, n, g == 0, g, g1, g2, g3, firstByte, vector);
        }
    }

    /**
     * dst[off, off + n) = (or &=, unless {@code first}) the AND of four patterns at their phases, in
     * runs that end where a pattern wraps. A run is done in whole words or vectors: its last one
     * reads into the patterns' continuation and writes bytes that the next run writes again with
     * the same values.
     */
    private static void andPatterns(byte[] dst, int off, int n, boolean first, int g0, int g1, int g2, int g3,
                                    long firstByte, boolean vector) {
        final byte[] a = PATTERNS[g0];
        final byte[] b = PATTERNS[g1];
        final byte[] c = PATTERNS[g2];
        final byte[] d = PATTERNS[g3];
        final int ap = PERIODS[g0];
        final int bp = PERIODS[g1];
        final int cp = PERIODS[g2];
        final int dp = PERIODS[g3];
        int ao = (int) (firstByte % ap);
        int bo = (int) (firstByte % bp);
        int co = (int) (firstByte % cp);
        int dO = (int) (firstByte % dp);
        for (int i = 0; i < n; ) {
            int run = Math.min(Math.min(n - i, Math.min(ap - ao, bp - bo)), Math.min(cp - co, dp - dO));
            if (vector) {
                PreSieveVectors.and(dst, off + i, run, first, a, ao, b, bo, c, co, d, dO);
            } else {
                andWords(dst, off + i, run, first, a, ao, b, bo, c, co, d, dO);
            }
            i += run;
            ao = ao + run == ap ? 0 : ao + run;
            bo = bo + run == bp ? 0 : bo + run;
            co = co + run == cp ? 0 : co + run;
            dO = dO + run == dp ? 0 : dO + run;
        }
    }

    /** One run of {@link #andPatterns}, a 64-bit word at a time. */
    private static void andWords(byte[] dst, int at, int run, boolean first, byte[] a, int ao, byte[] b, int bo,
                                 byte[] c, int co, byte[] d, int dO) {
        for (int j = 0; j < run; j += Long.BYTES) {
            long x = first ? -1L : (long) WORDS.get(dst, at + j);
            x &= (long) WORDS.get(a, ao + j) & (long) WORDS.get(b, bo + j);
            x &= (long) WORDS.get(c, co + j) & (long) WORDS.get(d, dO + j);
            WORDS.set(dst, at + j, x);
        }
    }

    /**
     * Gets the vector loop compiled by C2 and switches {@link #fill} to it: fills a small scratch
     * block the vector way until a fill takes compiled time, for at most {@code budgetNanos}
     * (the word loop stays when it runs out, or with {@code -Dshmc.primes.vectorPreSieve=false}).
     * Part of the sieve's JIT warm-up; returns whether vectors are on.
     */
    static boolean warmUpVectors(long budgetNanos) {
        if (vectors || !PrimesConfig.VECTOR_PRESIEVE || PATTERNS.length == 0 || !VECTORS_AVAILABLE
                || PreSieveVectors.bytes() > SLACK) {
            return vectors;
        }
        final int n = 4 * PreSieveVectors.bytes();
        byte[] scratch = new byte[n + SLACK];
        byte[] p = PATTERNS[0];
        long start = System.nanoTime();
        for (int call = 1; System.nanoTime() - start < budgetNanos; call++) {
            // one vector per call: the invocation count drives compilation, and before C2 every op allocates
            PreSieveVectors.and(scratch, call & 3, 1, (call & 4) == 0, p, call & 7, p, 1, p, 2, p, 3);
            if ((call & 255) == 0) {
                long t = System.nanoTime();
                fill(scratch, 0, LAST_BYTE + 1 + call * 7919L, n, true);
                if (System.nanoTime() - t < HOT_FILL_NANOS) {
                    vectors = true;
                    break;
                }
            }
        }
        return vectors;
    }

    /** Whether {@link #fill} runs a vector at a time. */
    static boolean vectorsOn() {
        return vectors;
    }

    /**
     * {@link #warmUpVectors} in a daemon thread of its own, once per JVM, for at most a second: the
     * Vector API's classes and the loop's compilation take about 0.2 s of a fresh JVM (45 ms of it
     * loading the classes), against 0.12 s saved per 1e10 numbers sieved, so the sieve goes on with
     * the word loop meanwhile. Only a JVM's first call starts it.
     */
    static void warmUpVectorsInBackground() {
        if (!vectors && PrimesConfig.VECTOR_PRESIEVE && VECTORS_AVAILABLE && !BACKGROUND_STARTED.getAndSet(true)) {
            Thread.ofPlatform().daemon().name("shmc-presieve-warm-up").start(() -> {
                try {
                    warmUpVectors(1_000_000_000L);
                } catch (RuntimeException | LinkageError e) {
                    // the word loop stays: slower, the same bytes, and nothing on the job's stderr
                }
            });
        }
    }

    private static final AtomicBoolean BACKGROUND_STARTED = new AtomicBoolean();

    /** A compiled vector fill of the warm-up's few vectors takes well under this; one before C2 well over. */
    private static final long HOT_FILL_NANOS = 2_000;

    /**
     * Sets the bits of the pre-sieved primes and clears the bit of 1, in a sieve holding the
     * {@code length} bytes from absolute byte {@code firstByte}. The pre-sieved primes lie in the
     * first {@link #LAST_BYTE} + 1 bytes: nothing to do beyond.
     */
    static void restorePrimes(byte[] sieve, long firstByte, int length) {
        if (firstByte == 0) {
            sieve[0] &= (byte) ~1;
        }
        for (int p : PRIMES) {
            long j = p / 30 - firstByte;
            if (j >= 0 && j < length) {
                sieve[(int) j] |= (byte) (1 << Wheel30.RESIDUE_INDEX[p % 30]);
            }
        }
    }
}
