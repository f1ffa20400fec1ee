package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.Processes;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * An inter-process mutual-exclusion lock in shared memory that records its owner and survives the
 * owner's death: a waiter that finds the owner process dead takes the lock over. Not reentrant.
 *
 * <p>Layout ({@link #SIZE} bytes): the owner token (0 = free; else PID in the high 32 bits and a
 * per-process holder number in the low 32 bits, so threads of one process exclude each other
 * too), the owner identity (PID in the high 32 bits, {@link Processes#startStamp start stamp} in
 * the low 32, to tell a dead owner from a reused PID), and the number of takeovers so far.
 *
 * <p>Acquiring is a compare-and-set (volatile semantics), releasing a release store: everything
 * written under the lock is visible to the next holder.
 */
public final class SharedLock extends SharedWord {
    /** Bytes one lock occupies. */
    public static final int SIZE = ShmConfig.PADDED_WORD;

    /**
     * The owner identity is written just after the token is won, so for a moment it still names
     * the previous owner; its PID tells a waiter whose start stamp it is.
     */
    private static final long IDENTITY_OFFSET = 8;
    private static final long TAKEOVERS_OFFSET = 16;

    /** How often a waiter checks whether the owner is still alive. */
    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long SELF_IDENTITY = Processes.selfPid() << 32
            | (Processes.startStamp(Processes.selfStartMillis()) & 0xFFFF_FFFFL);

    private static final ThreadLocal<Long> HOLDER_TOKEN = ThreadLocal.withInitial(SharedLock::newToken);
    private static int nextHolder = 1;

    private static synchronized long newToken() {
        int holder = nextHolder++;
        return (Processes.selfPid() << 32) | (holder & 0xFFFF_FFFFL);
    }

    public SharedLock(MemorySegment segment, long offset) {
        super(segment, offset);
    }

    /** Takes the lock if free (or its owner is dead) without waiting. */
    public boolean tryLock() {
        long me = HOLDER_TOKEN.get();
        if (LONG.compareAndSet(segment, offset, 0L, me)) {
            LONG.setRelease(segment, offset + IDENTITY_OFFSET, SELF_IDENTITY);
            return true;
        }
        return takeOverIfOwnerDead(me);
    }

    /**
     * Takes the lock, waiting up to {@code timeout}; a dead owner is detected and replaced.
     *
     * @return false if the timeout passed with the lock held by a live process
     */
    public boolean tryLock(long timeout, TimeUnit unit) {
        long me = HOLDER_TOKEN.get();
        // uncontended fast path: no clock reads, no allocation
        if (LONG.compareAndSet(segment, offset, 0L, me)) {
            LONG.setRelease(segment, offset + IDENTITY_OFFSET, SELF_IDENTITY);
            return true;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        long nextLivenessCheck = System.nanoTime() + LIVENESS_CHECK_NANOS;
        IdleStrategy idle = new IdleStrategy(200, 50, 200_000);
        while (true) {
            if ((long) LONG.getVolatile(segment, offset) == 0L && LONG.compareAndSet(segment, offset, 0L, me)) {
                LONG.setRelease(segment, offset + IDENTITY_OFFSET, SELF_IDENTITY);
                return true;
            }
            long now = System.nanoTime();
            if (now - nextLivenessCheck >= 0) {
                nextLivenessCheck = now + LIVENESS_CHECK_NANOS;
                if (takeOverIfOwnerDead(me)) {
                    return true;
                }
            }
            if (now - deadline >= 0) {
                // a short (or zero) timeout must still replace a dead owner
                return takeOverIfOwnerDead(me);
            }
            idle.idle();
        }
    }

    /** Takes the lock, waiting as long as it takes (a dead owner is still detected and replaced). */
    public void lock() {
        while (!tryLock(1, TimeUnit.HOURS)) {
            // keep waiting
        }
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalStateException if this thread does not hold it (or it was taken over)
     */
    public void unlock() {
        long me = HOLDER_TOKEN.get();
        // release: the next holder sees every write made under the lock
        if (!LONG.compareAndSet(segment, offset, me, 0L)) {
            throw new IllegalStateException("unlock by a thread that does not hold the lock (owner token "
                    + Long.toHexString(ownerToken()) + ")");
        }
    }

    /** True if the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return (long) LONG.getVolatile(segment, offset) == HOLDER_TOKEN.get();
    }

    /** PID of the owner process, 0 when free. */
    public long ownerPid() {
        return ownerToken() >>> 32;
    }

    public long ownerToken() {
        return (long) LONG.getVolatile(segment, offset);
    }

    /** How many times a dead owner's lock was taken over. */
    public long takeovers() {
        return (long) LONG.getVolatile(segment, offset + TAKEOVERS_OFFSET);
    }

    private boolean takeOverIfOwnerDead(long me) {
        long owner = (long) LONG.getVolatile(segment, offset);
        if (owner == 0L) {
            return false;
        }
        long pid = owner >>> 32;
        if (pid == Processes.selfPid()) {
            return false; // another thread of this process: it is alive
        }
        if (isOwnerAlive(pid, (long) LONG.getAcquire(segment, offset + IDENTITY_OFFSET))) {
            return false;
        }
        if (LONG.compareAndSet(segment, offset, owner, me)) {
            LONG.setRelease(segment, offset + IDENTITY_OFFSET, SELF_IDENTITY);
            LONG.getAndAdd(segment, offset + TAKEOVERS_OFFSET, 1L);
            return true;
        }
        return false;
    }

    /**
     * Whether owner process {@code pid} is alive. An identity naming another PID was left by an
     * earlier owner (the new one has won the token but not yet stored its identity): its start
     * stamp says nothing about {@code pid}, so only the PID is checked.
     */
    private static boolean isOwnerAlive(long pid, long identity) {
        int stamp = identity >>> 32 == pid ? (int) identity : 0;
        return Processes.isAliveWithStartStamp(pid, stamp);
    }
}
