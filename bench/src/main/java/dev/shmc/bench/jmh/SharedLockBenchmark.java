package dev.shmc.bench.jmh;

import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
import org.openjdk.jmh.infra.Blackhole;

/** {@link SharedLock} acquire and release, by one thread and by two, against a ReentrantLock; a tiny critical section. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedLockBenchmark {
    private SharedRegion region;
    private SharedLock lock;
    private final ReentrantLock heapLock = new ReentrantLock();
    private long guarded;

    @Setup(Level.Trial)
    public void map() {
        region = SharedRegion.create("jmh-lock-" + Processes.selfPid(), RegionDescriptor.KIND_SYNC, SharedLock.SIZE);
        lock = new SharedLock(region.payload(), 0);
    }

    @TearDown(Level.Trial)
    public void unmap() {
        region.close();
    }

    @Benchmark
    @Threads(1)
    public void sharedLockUncontended(Blackhole bh) {
        underSharedLock(bh);
    }

    @Benchmark
    @Threads(2)
    public void sharedLockContended(Blackhole bh) {
        underSharedLock(bh);
    }

    @Benchmark
    @Threads(1)
    public void reentrantLockUncontended(Blackhole bh) {
        underHeapLock(bh);
    }

    @Benchmark
    @Threads(2)
    public void reentrantLockContended(Blackhole bh) {
        underHeapLock(bh);
    }

    private void underSharedLock(Blackhole bh) {
        lock.lock();
        try {
            bh.consume(++guarded);
        } finally {
            lock.unlock();
        }
    }

    private void underHeapLock(Blackhole bh) {
        heapLock.lock();
        try {
            bh.consume(++guarded);
        } finally {
            heapLock.unlock();
        }
    }
}
