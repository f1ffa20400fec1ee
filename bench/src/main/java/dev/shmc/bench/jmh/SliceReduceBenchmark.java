package dev.shmc.bench.jmh;

import dev.shmc.kernels.arrays.ArrayReduce;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Processes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sum of a slice of a shared double array ({@link ArrayReduce#sum}, compensated, vectorized)
 * against a plain loop over an on-heap double[] of the same length. From L1-sized to far beyond
 * the last-level cache (128 MiB): divide bytes (8 x length) by the time for GB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SliceReduceBenchmark {
    @Param({"1024", "1048576", "16777216"})
    public int length;

    private SharedDoubleArray array;
    private double[] heap;

    @Setup(Level.Trial)
    public void fill() {
        array = SharedDoubleArray.create("jmh-reduce-" + Processes.selfPid(), length);
        heap = new double[length];
        for (int i = 0; i < length; i++) {
            heap[i] = i % 1000;
            array.set(i, i % 1000);
        }
    }

    @TearDown(Level.Trial)
    public void unmap() {
        array.close();
    }

    @Benchmark
    public double sharedSliceSum() {
        return ArrayReduce.sum(array.segment(), 0, length);
    }

    @Benchmark
    public double heapLoopSum() {
        double s = 0;
        for (double v : heap) {
            s += v;
        }
        return s;
    }
}
