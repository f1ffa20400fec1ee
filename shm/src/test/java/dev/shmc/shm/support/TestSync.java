package dev.shmc.shm.support;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.IdleStrategy;
import dev.shmc.shm.sync.SharedBarrier;
import dev.shmc.shm.sync.SharedCounter;
import dev.shmc.shm.sync.SharedFlag;
import dev.shmc.shm.sync.SharedLock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sync region the multi-process tests share with their children: one of each primitive at a
 * fixed offset, each on its own padded line. The test creates it; children attach by name.
 *
 * <pre>
 *   READY counter | GO flag | COUNTER | LOCK | A | B | VIOLATIONS | BARRIER (2 lines) | FLAG | ACK | slots[16]
 * </pre>
 *
 * READY and GO start children together: each child adds 1 to READY and waits for GO; the test
 * raises GO once all are ready, so that their loops really overlap.
 */
public final class TestSync implements AutoCloseable {
    private static final long LINE = ShmConfig.PADDED_WORD;

    public static final long READY_OFFSET = 0;
    public static final long GO_OFFSET = READY_OFFSET + SharedCounter.SIZE;
    public static final long COUNTER_OFFSET = GO_OFFSET + SharedFlag.SIZE;
    public static final long LOCK_OFFSET = COUNTER_OFFSET + SharedCounter.SIZE;
    public static final long A_OFFSET = LOCK_OFFSET + SharedLock.SIZE;
    public static final long B_OFFSET = A_OFFSET + LINE;
    public static final long VIOLATIONS_OFFSET = B_OFFSET + LINE;
    public static final long BARRIER_OFFSET = VIOLATIONS_OFFSET + SharedCounter.SIZE;
    public static final long FLAG_OFFSET = BARRIER_OFFSET + SharedBarrier.SIZE;
    public static final long ACK_OFFSET = FLAG_OFFSET + SharedFlag.SIZE;
    public static final long SLOTS_OFFSET = ACK_OFFSET + SharedFlag.SIZE;
    public static final int SLOTS = 16;
    public static final long LENGTH = SLOTS_OFFSET + SLOTS * LINE;

    private final SharedRegion region;
    private final MemorySegment segment;

    private TestSync(SharedRegion region) {
        this.region = region;
        this.segment = region.payload();
    }

    /** Creates the sync region {@code name} in {@code dir} (the test's side). */
    public static TestSync create(Path dir, String name) {
        return new TestSync(SharedRegion.create(dir, name, RegionDescriptor.KIND_SYNC, LENGTH));
    }

    /** Attaches to {@code name} in the default directory (a child's side: {@code -Dshmc.dir}). */
    public static TestSync attach(String name) {
        return new TestSync(SharedRegion.attach(name));
    }

    public SharedRegion region() {
        return region;
    }

    public SharedCounter ready() {
        return new SharedCounter(segment, READY_OFFSET);
    }

    public SharedFlag go() {
        return new SharedFlag(segment, GO_OFFSET);
    }

    public SharedCounter counter() {
        return new SharedCounter(segment, COUNTER_OFFSET);
    }

    public SharedLock lock() {
        return new SharedLock(segment, LOCK_OFFSET);
    }

    public SharedCounter violations() {
        return new SharedCounter(segment, VIOLATIONS_OFFSET);
    }

    public SharedBarrier barrier(int parties) {
        return new SharedBarrier(segment, BARRIER_OFFSET, parties);
    }

    public SharedFlag flag() {
        return new SharedFlag(segment, FLAG_OFFSET);
    }

    public SharedFlag ack() {
        return new SharedFlag(segment, ACK_OFFSET);
    }

    /** Plain read of long A (read under the lock, or after the writers are done). */
    public long a() {
        return segment.get(ValueLayout.JAVA_LONG, A_OFFSET);
    }

    public long b() {
        return segment.get(ValueLayout.JAVA_LONG, B_OFFSET);
    }

    public void setA(long value) {
        segment.set(ValueLayout.JAVA_LONG, A_OFFSET, value);
    }

    public void setB(long value) {
        segment.set(ValueLayout.JAVA_LONG, B_OFFSET, value);
    }

    /** A per-party counter (party {@code i} writes only its own). */
    public SharedCounter slot(int i) {
        if (i < 0 || i >= SLOTS) {
            throw new IllegalArgumentException("slot " + i + " not in [0, " + SLOTS + ")");
        }
        return new SharedCounter(segment, SLOTS_OFFSET + i * LINE);
    }

    /** Child side: announces readiness, then waits for GO. */
    public void readyThenAwaitGo() {
        ready().getAndAdd(1);
        awaitFlag(go(), Await.LONG_ENOUGH);
    }

    /** Test side: waits until {@code parties} children are ready, then raises GO. */
    public void goWhenReady(int parties) {
        SharedCounter ready = ready();
        Await.await(parties + " children to be ready", () -> ready.getVolatile() == parties);
        go().setRelease();
    }

    /** Waits for {@code flag} to be raised, throwing {@link IllegalStateException} after {@code deadline}. */
    public static void awaitFlag(SharedFlag flag, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        IdleStrategy idle = new IdleStrategy();
        while (!flag.isSet()) {
            if (System.nanoTime() - end >= 0) {
                throw new IllegalStateException("flag not raised within " + deadline);
            }
            idle.idle();
        }
    }

    @Override
    public void close() {
        region.close();
    }
}
