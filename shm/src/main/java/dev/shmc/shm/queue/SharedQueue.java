package dev.shmc.shm.queue;

import static dev.shmc.shm.queue.SharedQueueDescriptor.*;

import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.IdleStrategy;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A bounded multi-producer multi-consumer FIFO queue of {@code long} values in shared memory, for
 * any number of threads in any number of processes: Dmitry Vyukov's bounded MPMC queue, with a
 * sequence number per slot ({@link SharedQueueDescriptor}). An offer or a poll is one
 * compare-and-set on the head or tail plus a release store of the slot's sequence; no locks, no
 * system calls, no allocation.
 *
 * <p>Ordering: a value is written plainly and published by a release store of its slot's
 * sequence; a consumer acquire-loads the sequence before it reads the value. Everything a producer
 * wrote before {@code offer} is visible to the consumer after its {@code poll} returned the value.
 * Values offered by one producer are polled in their order by any one consumer.
 *
 * <p>Failure: a process that dies between claiming a position and publishing its slot (a few
 * instructions) leaves that slot unpublished and consumers wait at it forever; whoever watches the
 * processes must then recreate the queue. The queue is not durable across that.
 *
 * <p>Handles are thread-safe; {@link #close} must not race with other calls.
 */
public final class SharedQueue implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    private final long head;
    private final long tail;
    private final long slots;
    private final int capacity;
    private final long mask;
    private final SharedRegion region;

    private SharedQueue(MemorySegment segment, long base, int capacity, SharedRegion region) {
        this.segment = segment;
        this.head = base + HEAD_OFFSET;
        this.tail = base + TAIL_OFFSET;
        this.slots = base + SLOTS_OFFSET;
        this.capacity = capacity;
        this.mask = capacity - 1L;
        this.region = region;
    }

    // ------------------------------------------------------------------ create / attach

    /** Bytes a queue of {@code capacity} slots needs in a segment. */
    public static long bytesFor(int capacity) {
        checkCapacity(capacity);
        return length(capacity);
    }

    /**
     * Lays out an empty queue of {@code capacity} slots (a power of two) at {@code offset} of
     * {@code segment} and publishes it (its magic, release-stored last). Other processes attach
     * with {@link #attach(MemorySegment, long)} once they know it is there.
     */
    public static SharedQueue create(MemorySegment segment, long offset, int capacity) {
        checkCapacity(capacity);
        checkPlace(segment, offset, length(capacity));
        segment.set(ValueLayout.JAVA_LONG, offset + CAPACITY_OFFSET, capacity);
        segment.set(ValueLayout.JAVA_LONG, offset + HEAD_OFFSET, 0L);
        segment.set(ValueLayout.JAVA_LONG, offset + TAIL_OFFSET, 0L);
        long slot = offset + SLOTS_OFFSET;
        for (long i = 0; i < capacity; i++, slot += SLOT_LENGTH) {
            segment.set(ValueLayout.JAVA_LONG, slot + SLOT_SEQUENCE_OFFSET, i);
            segment.set(ValueLayout.JAVA_LONG, slot + SLOT_VALUE_OFFSET, 0L);
        }
        // release: an attacher reads the capacity and slots only after it sees the magic
        LONG.setRelease(segment, offset + MAGIC_OFFSET, MAGIC);
        return new SharedQueue(segment, offset, capacity, null);
    }

    /**
     * A handle on the queue published at {@code offset} of {@code segment}.
     *
     * @throws IllegalStateException when no queue is published there or its header is corrupt
     */
    public static SharedQueue attach(MemorySegment segment, long offset) {
        checkPlace(segment, offset, SLOTS_OFFSET);
        long magic = (long) LONG.getAcquire(segment, offset + MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new IllegalStateException("no shared queue at offset " + offset + " (magic " + Long.toHexString(magic) + ")");
        }
        long capacity = segment.get(ValueLayout.JAVA_LONG, offset + CAPACITY_OFFSET);
        if (capacity < 1 || capacity > MAX_CAPACITY || Long.bitCount(capacity) != 1
                || offset + length((int) capacity) > segment.byteSize()) {
            throw new IllegalStateException("corrupt shared queue at offset " + offset + ": capacity " + capacity
                    + " in a segment of " + segment.byteSize() + " bytes");
        }
        return new SharedQueue(segment, offset, (int) capacity, null);
    }

    /** Creates region {@code name} in {@code dir} holding an empty queue of {@code capacity} slots; closing the handle deletes it. */
    public static SharedQueue create(Path dir, String name, int capacity) {
        long bytes = bytesFor(capacity);
        SharedRegion region = SharedRegion.create(dir, name, RegionDescriptor.KIND_SYNC, bytes);
        try {
            return new SharedQueue(region.payload(), 0, capacity, region).publish();
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /** {@link #create(Path, String, int)} in the default region directory. */
    public static SharedQueue create(String name, int capacity) {
        return create(Regions.directory(), name, capacity);
    }

    /**
     * Attaches to the queue region {@code name} in the default region directory.
     *
     * @throws RegionException when there is no such region or it holds no queue
     */
    public static SharedQueue attach(String name) {
        SharedRegion region = SharedRegion.attach(name);
        try {
            SharedQueue q = attach(region.payload(), 0);
            return new SharedQueue(region.payload(), 0, q.capacity, region);
        } catch (IllegalStateException e) {
            region.close();
            throw new RegionException(RegionException.Reason.BAD_FILE, "region " + name + " holds no shared queue: " + e.getMessage());
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    private SharedQueue publish() {
        create(segment, head - HEAD_OFFSET, capacity);
        return this;
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("queue capacity must be a power of two from 1 to " + MAX_CAPACITY + ": " + capacity);
        }
    }

    private static void checkPlace(MemorySegment segment, long offset, long bytes) {
        if (offset < 0 || (offset & 7) != 0) {
            throw new IllegalArgumentException("offset must be a non-negative multiple of 8: " + offset);
        }
        if (offset + bytes > segment.byteSize()) {
            throw new IllegalArgumentException("segment too small: need " + (offset + bytes) + " bytes, have " + segment.byteSize());
        }
    }

    // ------------------------------------------------------------------ offer / poll

    /**
     * Appends {@code value} if there is room; never waits.
     *
     * @return false when the queue is full
     */
    public boolean offer(long value) {
        final MemorySegment s = segment;
        long pos = (long) LONG.getOpaque(s, head);
        while (true) {
            final long slot = slots + ((pos & mask) << SLOT_SHIFT);
            final long dif = (long) LONG.getAcquire(s, slot) - pos;
            if (dif == 0) {
                final long witness = (long) LONG.compareAndExchange(s, head, pos, pos + 1);
                if (witness == pos) {
                    s.set(ValueLayout.JAVA_LONG, slot + SLOT_VALUE_OFFSET, value);
                    // release: a consumer reads the value only after it sees this sequence
                    LONG.setRelease(s, slot, pos + 1);
                    return true;
                }
                pos = witness;
            } else if (dif < 0) {
                return false; // the slot still holds the value of the previous lap: full
            } else {
                pos = (long) LONG.getOpaque(s, head); // another producer took pos: catch up
            }
        }
    }

    /**
     * Removes and returns the oldest value; never waits.
     *
     * @param emptyValue returned when the queue is empty (pick one that is never offered)
     */
    public long poll(long emptyValue) {
        final MemorySegment s = segment;
        long pos = (long) LONG.getOpaque(s, tail);
        while (true) {
            final long slot = slots + ((pos & mask) << SLOT_SHIFT);
            final long dif = (long) LONG.getAcquire(s, slot) - (pos + 1);
            if (dif == 0) {
                final long witness = (long) LONG.compareAndExchange(s, tail, pos, pos + 1);
                if (witness == pos) {
                    final long value = s.get(ValueLayout.JAVA_LONG, slot + SLOT_VALUE_OFFSET);
                    // release: the producer one lap later overwrites the value only after it sees this
                    LONG.setRelease(s, slot, pos + mask + 1);
                    return value;
                }
                pos = witness;
            } else if (dif < 0) {
                return emptyValue; // not yet published for this lap: empty
            } else {
                pos = (long) LONG.getOpaque(s, tail); // another consumer took pos: catch up
            }
        }
    }

    /**
     * Appends {@code value}, waiting up to {@code timeout} for room (spin, yield, then park).
     *
     * @return false when the queue stayed full
     */
    public boolean offer(long value, long timeout, TimeUnit unit) {
        if (offer(value)) {
            return true;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        IdleStrategy idle = new IdleStrategy();
        while (!offer(value)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            idle.idle();
        }
        return true;
    }

    /**
     * Removes and returns the oldest value, waiting up to {@code timeout} for one.
     *
     * @return {@code emptyValue} when the queue stayed empty
     */
    public long poll(long timeout, TimeUnit unit, long emptyValue) {
        long v = poll(emptyValue);
        if (v != emptyValue) {
            return v;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        IdleStrategy idle = new IdleStrategy();
        while ((v = poll(emptyValue)) == emptyValue) {
            if (System.nanoTime() - deadline >= 0) {
                return emptyValue;
            }
            idle.idle();
        }
        return v;
    }

    // ------------------------------------------------------------------ state

    /** Slots (a power of two). */
    public int capacity() {
        return capacity;
    }

    /** Values in the queue now; a snapshot that concurrent calls may change at once (0 to capacity). */
    public long size() {
        // tail first: read the other way round, a consumer could pass the head read before
        long t = (long) LONG.getVolatile(segment, tail);
        long h = (long) LONG.getVolatile(segment, head);
        return Math.max(0, Math.min(capacity, h - t));
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Values offered so far (the head position). */
    public long offered() {
        return (long) LONG.getVolatile(segment, head);
    }

    /** The region this handle owns, or null for a queue laid out in a caller's segment. */
    public SharedRegion region() {
        return region;
    }

    /** Closes the owned region (the creator's close deletes its file); no-op for a view. */
    @Override
    public void close() {
        if (region != null) {
            region.close();
        }
    }

    @Override
    public String toString() {
        return "SharedQueue[" + capacity + " slots" + (region != null ? ", " + region.name() : "") + "]";
    }
}
