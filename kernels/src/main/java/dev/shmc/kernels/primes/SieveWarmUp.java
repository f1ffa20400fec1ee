package dev.shmc.kernels.primes;

import java.util.Arrays;

/**
 * Gets the sieve's loops compiled the cheap way, once per JVM ({@link SegmentedSieve#warmUpJit}):
 * many calls on made-up data in a small scratch block, so that their invocation counters reach
 * the JIT's thresholds after a few milliseconds of interpreted and C1 code and C2 compiles each
 * loop method once. A real first segment instead calls each of them a few times with loops of
 * millions of iterations: the JVM then compiles every method twice more for on-stack replacement
 * (C1, then C2) besides the normal compiles, about 0.3 s of a fresh worker's time (0.4 s of the
 * 0.7 s of JIT work the sieve cost before). SieveJitTest reads the JVM's compilation log for it.
 * Last, a thread of its own gets the pre-sieve's vector loop compiled and switches the pre-sieve
 * to it ({@link PreSieve#warmUpVectorsInBackground}) while the sieve starts on the word loop.
 */
final class SieveWarmUp {
    private SieveWarmUp() {
    }

    /** Whether this JVM ran the warm-up; racy by design (a second run only costs time). */
    private static volatile boolean warm;

    /** Keeps the warm-up's results alive, so the JIT cannot drop its calls. */
    @SuppressWarnings("unused")
    private static long sink;

    /** Runs the warm-up unless this JVM already did. */
    static void once() {
        if (warm) {
            return;
        }
        warm = true;
        crossingOff();
        segmentLoops();
        PreSieve.warmUpVectorsInBackground();
    }

    /**
     * The eight crossing-off methods: {@link PrimesConfig#JIT_WARM_UP_CALLS} calls each on a few
     * made-up primes, with every wheel index, start and end case.
     */
    private static void crossingOff() {
        final int end = PrimesConfig.JIT_WARM_UP_BLOCK_BYTES;
        final int primes = 16;
        byte[] s = new byte[end + PreSieve.SLACK];
        int[] next = new int[primes];
        int[] quotient = new int[primes];
        long seed = 0x9E3779B97F4A7C15L;
        long kept = 0;
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
            UnrolledCrossOff.crossOff(ri, s, next, quotient, 0, primes, end, consumed);
            kept += next[call & (primes - 1)];
            if ((call & 63) == 63) {
                Arrays.fill(s, (byte) -1);
            }
        }
        sink = kept;
    }

    /** The pre-sieve and the counting loop, both ways of counting, likewise. */
    private static void segmentLoops() {
        final int length = PrimesConfig.JIT_WARM_UP_BLOCK_BYTES / 8; // 2048 and 1024 bytes measured alike
        byte[] s = new byte[length + PreSieve.SLACK];
        SegmentReader reader = new SegmentReader();
        for (int call = 0; call < PrimesConfig.JIT_WARM_UP_CALLS; call++) {
            long segment = PreSieve.LAST_BYTE + 1 + (long) call * 7919;
            PreSieve.fill(s, 0, segment, length);
            reader.count(s, segment, length, (call & 1) == 0);
        }
        sink += reader.result().count();
    }
}
