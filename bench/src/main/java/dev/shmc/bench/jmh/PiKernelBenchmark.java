package dev.shmc.bench.jmh;

import dev.shmc.kernels.montecarlo.PiKernel;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.montecarlo.PiStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random-stream throughput of each Monte Carlo kernel: {@link #BLOCKS} blocks of the
 * {@link PiStream} per call, reported per sample (ops/us = million samples per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiKernelBenchmark {
    /** Blocks per call (65 536 samples each). */
    static final int BLOCKS = 16;

    @Param({"scalar", "vector"})
    public String kernel;

    private PiKernel pi;
    private long seed = 42;

    @Setup
    public void choose() {
        pi = PiKernels.of(kernel);
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS * PiStream.BLOCK_SAMPLES)
    public long countInside() {
        return pi.countInside(seed++, (long) BLOCKS * PiStream.BLOCK_SAMPLES, 0, BLOCKS, () -> false);
    }
}
