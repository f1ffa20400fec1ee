package dev.shmc.bench.jmh;

import dev.shmc.kernels.primes.PrimeStats;
import dev.shmc.kernels.primes.PrimesConfig;
import dev.shmc.kernels.primes.SegmentedSieve;
import dev.shmc.kernels.primes.SievingPrimes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Segmented-sieve throughput: counting the primes of {@link #SEGMENTS} segments
 * ({@link PrimesConfig#SEGMENT_BYTES} bytes, 30 numbers per byte) starting at several heights,
 * where the sieving primes (up to the square root) differ in number.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SieveSegmentBenchmark {
    /** Segments per call. */
    static final int SEGMENTS = 4;

    @Param({"1000000000", "1000000000000", "1000000000000000"})
    public long from;

    private SegmentedSieve sieve;
    private long to;

    @Setup
    public void prepare() {
        to = from + (long) SEGMENTS * PrimesConfig.SEGMENT_BYTES * 30;
        sieve = new SegmentedSieve(SievingPrimes.upTo(to));
    }

    @Benchmark
    public long countSegments() {
        PrimeStats s = sieve.count(from, to, () -> false);
        return s.count();
    }
}
