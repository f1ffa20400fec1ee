package dev.shmc.engine.coordinator;

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
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        long a = 1 + Math.floorMod(h, n - 1);
        while (gcd(a, n) != 1) {
            a = a + 1 == n ? 1 : a + 1;
        }
        long b = Math.floorMod(mix(h), n);
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

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
