package dev.shmc.bench.jmh;

import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SharedCounter#getAndAdd} on one counter in a shared region, by one thread (uncontended)
 * and by two (contended: the line moves between cores on every add), against an on-heap
 * AtomicLong. Across processes the hardware does the same as across threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedCounterBenchmark {
    private SharedRegion region;
    private SharedCounter counter;
    private final AtomicLong atomic = new AtomicLong();

    @Setup(Level.Trial)
    public void map() {
        region = SharedRegion.create("jmh-counter-" + Processes.selfPid(), RegionDescriptor.KIND_SYNC, SharedCounter.SIZE);
        counter = new SharedCounter(region.payload(), 0);
    }

    @TearDown(Level.Trial)
    public void unmap() {
        region.close();
    }

    @Benchmark
    @Threads(1)
    public long sharedGetAndAddUncontended() {
        return counter.getAndAdd(1);
    }

    @Benchmark
    @Threads(2)
    public long sharedGetAndAddContended() {
        return counter.getAndAdd(1);
    }

    @Benchmark
    @Threads(1)
    public long atomicLongUncontended() {
        return atomic.getAndAdd(1);
    }

    @Benchmark
    @Threads(2)
    public long atomicLongContended() {
        return atomic.getAndAdd(1);
    }
}
