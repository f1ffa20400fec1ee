package dev.shmc.engine.control;

import dev.shmc.kernels.montecarlo.SplitMix64;

/**
 * The order in which the shared cursor hands out chunks. For {@code RANDOMIZED} it is the
 * bijection i -> (a*i + b) mod n with a coprime to n, derived from the job's seed, so coordinator
 * and workers compute it alike without a table. n never exceeds {@link EngineConfig#CHUNK_CAPACITY}.
 */
public final class ChunkOrder {
    private final long n;
    private final long a;
    private final long b;

    private ChunkOrder(long n, long a, long b) {
        this.n = n;
        this.a = a;
        this.b = b;
    }

    public static ChunkOrder identity(long n) {
        return new ChunkOrder(n, 1, 0);
    }

    public static ChunkOrder randomized(long n, long seed) {
        if (n <= 1) {
            return identity(n);
        }
        long h = SplitMix64.mix(seed ^ SplitMix64.GOLDEN_GAMMA);
        long a = 1 + Math.floorMod(h, n - 1);
        while (gcd(a, n) != 1) {
            a = a + 1 == n ? 1 : a + 1;
        }
        long b = Math.floorMod(SplitMix64.mix(h), n);
        return new ChunkOrder(n, a, b);
    }

    /** The chunk handed out at cursor position {@code i} (0 <= i < n; n is at most the chunk capacity, so a*i cannot overflow). */
    public long chunkAt(long i) {
        return (a * i + b) % n;
    }

    private static long gcd(long x, long y) {
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
