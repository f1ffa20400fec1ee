package dev.shmc.kernels.primes;

/**
 * Every tunable of the prime kernels in one place, after primesieve's {@code config.hpp}. Each is
 * read once, at class initialisation; the cache-dependent ones follow this machine's caches
 * ({@link CacheSizes}, read from sysfs at start-up, as primesieve does) and can be overridden with a
 * system property so that a benchmark can sweep them without recompiling.
 *
 * <p>Sizes of the sieve are in bytes of the mod-30 wheel: one byte holds the 8 numbers coprime to
 * 30 among 30 consecutive numbers, so a byte covers 30 numbers.
 */
public final class PrimesConfig {
    private PrimesConfig() {
    }

    /**
     * Bytes of one sieve segment (a power of two, 8 KiB to 4 MiB; 30 numbers per byte): by default
     * half the per-core L2 cache as sysfs gives it ({@link CacheSizes}; 256 KiB when unknown). A
     * larger segment amortises the per-segment visit of every medium sieving prime, but once it
     * spills out of L2 every crossing-off misses (128 KiB measured 8% slower than 256 KiB for pi(1e10)
     * with 512 KiB of L2, 512 KiB the same). {@code -Dshmc.primes.segmentBytes}.
     */
    public static final int SEGMENT_BYTES = powerOfTwo("shmc.primes.segmentBytes",
            CacheSizes.powerOfTwoAtMost(CacheSizes.L2 / 2, 256 * 1024, 64 * 1024, 4 * 1024 * 1024), 8 * 1024, 4 * 1024 * 1024);

    /**
     * Bytes of the block, inside a segment, in which the pre-sieve and the small sieving primes run
     * (a power of two, at most {@link #SEGMENT_BYTES}), the L1 data cache: small primes hit a
     * block many times, so keeping it in L1 makes each crossing cheap, while a smaller block pays
     * the per-block loop set-up of every small prime more often. By default the L1 data cache as sysfs
     * gives it (32 KiB when unknown). {@code -Dshmc.primes.l1BlockBytes}.
     */
    public static final int L1_BLOCK_BYTES = Math.min(SEGMENT_BYTES, powerOfTwo("shmc.primes.l1BlockBytes",
            CacheSizes.powerOfTwoAtMost(CacheSizes.L1D, 32 * 1024, 8 * 1024, 256 * 1024), 1024, 1024 * 1024));

    /**
     * Largest prime whose multiples are copied from precomputed patterns (ANDed together, four
     * patterns per pass over a block) instead of being crossed off; 7 to 255: every pattern is read
     * once per sieve byte, so it only pays while the primes it replaces would still hit many bytes
     * each (163, like primesieve, measured best).
     * {@code -Dshmc.primes.preSieveMaxPrime}.
     */
    public static final int PRESIEVE_MAX_PRIME = bounded("shmc.primes.preSieveMaxPrime", 163, 7, 255);

    /**
     * Whether the pre-sieve ANDs its patterns a vector at a time once the JIT warm-up has C2's code
     * for it (twice as fast as 64-bit words on AVX2: 0.11 s instead of 0.23 s of the 2.3 s of
     * pi(1e10) in one thread). {@code -Dshmc.primes.vectorPreSieve=false} keeps the word loop.
     */
    public static final boolean VECTOR_PRESIEVE = !"false".equals(System.getProperty("shmc.primes.vectorPreSieve"));

    /**
     * Sieving primes up to {@code L1_BLOCK_BYTES * SMALL_PRIME_FACTOR} are crossed off block by
     * block with a loop unrolled over the 8 wheel steps; larger ones once per segment: a prime that
     * hits a block only a few times does not repay the loop's set-up in every block (0.1 to 0.3
     * measured within noise of each other).
     * {@code -Dshmc.primes.smallPrimeFactor}, 0 to 4.
     */
    public static final double SMALL_PRIME_FACTOR = boundedDouble("shmc.primes.smallPrimeFactor", 0.2, 0, 4);

    /**
     * Sieving primes above {@code SEGMENT_BYTES * BUCKET_PRIME_FACTOR} (1 to 16) live in buckets and
     * are only touched in the segments they hit; below it every prime is visited in every segment,
     * which costs a loop entry per prime even in segments it misses, against the bucket's extra
     * memory traffic (8 bytes written and read again per hit). 2 (primesieve uses 1.75): counting
     * [1e15, 1e15 + 1e10] in one thread took 9.06 s on average against 9.57 s with 4, 6 interleaved
     * pairs, 5 of them faster (the medium tier 2.2-2.5 s instead of 3.4-3.7, the buckets 4.7-5.4
     * instead of 4.2-4.7); 1 was slower again. Ranges below about 2.7e11 have no sieving prime that large.
     * {@code -Dshmc.primes.bucketPrimeFactor}.
     */
    public static final int BUCKET_PRIME_FACTOR = bounded("shmc.primes.bucketPrimeFactor", 2, 1, 16);

    /**
     * Entries (8 bytes each) per block of a bucket, the unit the buckets' pool hands out: larger
     * blocks mean fewer list operations per hit, smaller ones less memory idle in the partly filled
     * head block of every bucket of the ring.
     */
    public static final int BUCKET_BLOCK_ENTRIES = 4096;

    /**
     * The largest chunk, in numbers, the engine hands a worker by default (about 5e8): larger ones
     * would only cost balance at the end of a job, unless restarts demand more (below).
     */
    public static final long DEFAULT_CHUNK_NUMBERS = 30L * SEGMENT_BYTES * 64;

    /**
     * Chunks per worker the default chunk size aims at: at the end of a job a worker waits for at
     * most about one chunk of another, 1/64 of its share (π(1e10) with 2 workers: 128 chunks took
     * 1.51 s, the former 20 chunks of 5e8 numbers 1.65 s, in the same run).
     */
    public static final int CHUNKS_PER_WORKER = 64;

    /**
     * A default chunk spans at least this many numbers per sieving prime: every chunk restarts the
     * sieve (the first multiple of each sieving prime, about 18 ns each: 35 ms near 1e15, with
     * 1.9e6 sieving primes), and 600 numbers take about 50 times that to sieve, so restarts stay
     * near 2 % of the work.
     */
    public static final int NUMBERS_PER_SIEVING_PRIME = 600;

    /**
     * The default chunk size in numbers for sieving {@code units} numbers up to {@code to} with
     * {@code workers} workers: {@link #CHUNKS_PER_WORKER} chunks each, at most
     * {@link #DEFAULT_CHUNK_NUMBERS}, at least one segment and enough numbers to amortise a restart,
     * and then cut in {@link #evenShares even shares} of the workers when that leaves a segment.
     */
    public static long defaultChunkNumbers(final long to, final long units, final int workers) {
        double root = Math.sqrt((double) Math.max(to, 4));
        long sievingPrimes = (long) (root / Math.log(root)) + 1; // about pi(sqrt(to))
        long restart = NUMBERS_PER_SIEVING_PRIME * sievingPrimes;
        long segment = 30L * SEGMENT_BYTES;
        int w = Math.max(1, workers);
        long balanced = Math.min(DEFAULT_CHUNK_NUMBERS, units / ((long) w * CHUNKS_PER_WORKER));
        long chunk = Math.max(Math.max(restart, segment), balanced);
        // but never fewer chunks than workers when the range is worth splitting
        chunk = Math.min(chunk, Math.max(segment, (units + w - 1) / w));
        long even = evenShares(units, chunk, w);
        return even >= segment ? even : chunk;
    }

    /**
     * {@code chunk} made smaller, if need be, so that the range splits into a multiple of
     * {@code workers} chunks of equal length (the last one up to a chunk shorter), when that makes
     * fewer than {@link #CHUNKS_PER_WORKER} each: with few chunks per worker, a remainder makes one
     * worker sieve a whole chunk more than another. Near 1e15, 1e10 numbers in chunks of 1.1e9
     * were 9 full chunks and a sliver, so one of 2 workers sieved 5.5e9 numbers and the other
     * 4.5e9; in 10 chunks of 1e9, each sieves 5e9.
     */
    static long evenShares(long units, long chunk, int workers) {
        long chunks = (units + chunk - 1) / chunk;
        if (chunks <= 1 || workers <= 1 || chunks >= (long) workers * CHUNKS_PER_WORKER) {
            return Math.max(1, chunk);
        }
        long shared = (chunks + workers - 1) / workers * workers;
        return (units + shared - 1) / shared;
    }

    /**
     * Segments a prime-counting worker sieves (and drops) before its first chunk, spread evenly up
     * to the job's end, so the JIT profiles the crossing-off loops on every size of sieving prime
     * the job will use: more cost a segment each, fewer may miss a size and leave a deoptimisation
     * for the middle of the job.
     */
    public static final int WARM_UP_SEGMENTS = 4;

    /**
     * Calls per crossing-off method (and to the pre-sieve and the counter) in the once-per-JVM JIT
     * warm-up ({@code SegmentedSieve.warmUpJit}): enough for C2's threshold (invocations
     * plus loop back-edges above Tier4CompileThreshold, 15000, counted once C1's profiling code
     * is in; a call on 16 made-up primes has about 25 back-edges) so that each method is queued for
     * C2 once, normally, before the first segment. With 1000 calls on 8 primes only one of the
     * eight got there, and a real segment's long loops queued the other seven for on-stack
     * replacement as well (SieveJitTest checks there is none).
     * 0 skips the warm-up. {@code -Dshmc.primes.jitWarmUpCalls}.
     */
    public static final int JIT_WARM_UP_CALLS = bounded("shmc.primes.jitWarmUpCalls", 4000, 0, 1_000_000);

    /**
     * Numbers in a job from which a fresh JVM's sieve runs the JIT warm-up first
     * ({@code SegmentedSieve.warmUpJit}): 8 segments (about 6.3e7). It pays from about 1e8
     * numbers, and costs a small job up to half a second.
     */
    public static final long JIT_WARM_UP_MIN_NUMBERS = 8L * 30 * SEGMENT_BYTES;

    /** Bytes of the warm-up's scratch block: a few whole wheel cycles of its primes fit in it. */
    static final int JIT_WARM_UP_BLOCK_BYTES = 2048;

    /** Largest q = p / 30 the warm-up makes up, plus 5: small primes and the smallest medium ones. */
    static final int JIT_WARM_UP_MAX_QUOTIENT = 200;

    /**
     * Whether the sieve times its tiers ({@link SegmentedSieve#tierNanos}): the pre-sieve copy and
     * small primes per L1 block, the medium primes, the bucketed large primes, and the reading of
     * the segment ({@code -Dshmc.primes.tierTimes=true}, for the bench's series run). Off by default:
     * four clock reads per segment, folded away by the JIT when off.
     */
    public static final boolean TIER_TIMES = Boolean.getBoolean("shmc.primes.tierTimes");

    /**
     * Trial-division candidates between two polls of the stop flag: a poll is one acquire load
     * (about a nanosecond, against about 5 ns per candidate), while the stop latency grows with the
     * time to test this many candidates (about 4096 x 5 ns = 20 us).
     */
    public static final int TRIAL_POLL_CANDIDATES = bounded("shmc.primes.trialPollCandidates", 4096, 1, 1 << 30);

    /**
     * Candidates trial division tries in one thread before it shares the rest out (the odd numbers
     * 3 .. 2^20 + 1 by default): a factor below 2^20 is found within milliseconds, with no worker
     * started, while a number without one pays those milliseconds once (the job then starts past
     * them). More makes more factors instant and every prime that much slower to start.
     */
    public static final int TRIAL_SEQUENTIAL_CANDIDATES = bounded("shmc.primes.trialSequentialCandidates", 1 << 19, 0, 1 << 30);

    /**
     * Numbers from 2^64 on are divided by every prime below this before the Baillie-PSW test (about
     * 82,000 primes, a few divisions of the number by a long each): it finds the factor of most
     * composites at once and spares them the costly test, while a larger bound costs every prime
     * more time (about 30 ms here for a 3,000-digit number) and Pollard's rho finds the next
     * factors faster.
     */
    public static final int BIG_TRIAL_LIMIT = 1 << 20;

    /**
     * Steps of Pollard's rho spent on a composite of {@code bits} bits from 2^64 on, looking for a
     * factor to show (a prime factor p takes about p^(1/2) steps): 2^16 steps up to 256 bits
     * (factors to about 10^9, about a fifth of a second here at 3 us a step), fewer as a step (two
     * products modulo n) grows dearer with the square of the length, at least 256: the search
     * stays within about a quarter of a second at any size up to 3,000 digits, where a larger
     * budget would find a few more factors for seconds of waiting on every big composite.
     */
    public static long bigRhoSteps(int bits) {
        long words = Math.max(4, (bits + 63) / 64);
        return Math.max(256, Math.min(1 << 16, (1L << 20) / (words * words)));
    }

    /** True when the sieve checks its internal invariants (on in tests, {@code -Dshmc.checks=false} in benchmarks). */
    static final boolean CHECKS = !"false".equals(System.getProperty("shmc.checks"));

    private static int bounded(String property, int defaultValue, int min, int max) {
        int value = Integer.getInteger(property, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " = " + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    private static double boundedDouble(String property, double defaultValue, double min, double max) {
        String text = System.getProperty(property);
        double value = text == null ? defaultValue : Double.parseDouble(text);
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(property + " = " + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    private static int powerOfTwo(String property, int defaultValue, int min, int max) {
        int value = bounded(property, defaultValue, min, max);
        if (Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(property + " = " + value + " is not a power of two");
        }
        return value;
    }
}
