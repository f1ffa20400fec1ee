package dev.shmc.registry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.BiConsumer;
import net.openhft.chronicle.hash.ChecksumEntry;
import net.openhft.chronicle.hash.SegmentLock;
import net.openhft.chronicle.hash.locks.InterProcessDeadLockException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;

/**
 * One map file of the registry, read and written through Chronicle's context API so that every
 * segment lock is taken with {@link EngineConfig#REGISTRY_LOCK_PROBE_MS a short wait} (the plain
 * map methods wait a minute, then fail, and so forever after when the holder was killed), and
 * every entry read is checked against its checksum. A lock not had in time is a {@link
 * LockTimeout}; anything Chronicle throws on reading or writing the file, and an entry whose
 * checksum does not match, is {@link Damage} (Chronicle bounds-checks its reads, so garbled bytes
 * end in an exception, not in a crash). A full map stays Chronicle's {@link IllegalStateException}.
 *
 * <p>Not thread-safe on its own: {@link ChronicleJobStore} holds its locks around every call.
 */
final class RegistryMap<V> implements AutoCloseable {
    /** The map's file name in the state directory. */
    final String fileName;
    private final ChronicleMap<String, V> map;

    RegistryMap(String fileName, ChronicleMap<String, V> map) {
        this.fileName = fileName;
        this.map = map;
    }

    /** What went wrong in a call, for the registry to act on (no stack trace: it is not a bug). */
    abstract static sealed class Fault extends RuntimeException permits LockTimeout, Damage {
        Fault(String message) {
            super(message, null, false, false);
        }
    }

    /** A lock not had within the probe time: its holder is slow, or dead. */
    static final class LockTimeout extends Fault {
        LockTimeout() {
            super("a lock is held");
        }
    }

    /** The map file is damaged; the message says how, in a few words. */
    static final class Damage extends Fault {
        final String fileName;

        Damage(String fileName, String reason) {
            super(reason);
            this.fileName = fileName;
        }
    }

    V get(String key) {
        try (ExternalMapQueryContext<String, V, ?> c = map.queryContext(key)) {
            lock(c.updateLock()); // not the read lock: checking the checksum takes the update lock
            MapEntry<String, V> e = c.entry();
            if (e == null) {
                return null;
            }
            checkSum(e);
            return e.value().getUsing(null);
        } catch (RuntimeException | AssertionError | InternalError e) {
            throw fault(e);
        }
    }

    void put(String key, V value) {
        try (ExternalMapQueryContext<String, V, ?> c = map.queryContext(key)) {
            lock(c.writeLock());
            MapEntry<String, V> e = c.entry();
            if (e != null) {
                c.replaceValue(e, c.wrapValueAsData(value));
            } else {
                c.insert(c.absentEntry(), c.wrapValueAsData(value));
            }
        } catch (IllegalStateException e) {
            throw isFull(e) ? e : fault(e); // a full map is not damage: the caller says so
        } catch (RuntimeException | AssertionError | InternalError e) {
            throw fault(e);
        }
    }

    /** Removes {@code key}; true when it was there. */
    boolean remove(String key) {
        try (ExternalMapQueryContext<String, V, ?> c = map.queryContext(key)) {
            lock(c.writeLock());
            MapEntry<String, V> e = c.entry();
            if (e == null) {
                return false;
            }
            c.remove(e);
            return true;
        } catch (RuntimeException | AssertionError | InternalError e) {
            throw fault(e);
        }
    }

    /** Every entry, checked against its checksum, segment by segment; {@code action} null only checks. */
    void forEach(BiConsumer<String, V> action) {
        for (int i = 0; i < map.segments(); i++) {
            try (MapSegmentContext<String, V, ?> c = map.segmentContext(i)) {
                // Chronicle's segment context is its segment's lock (it iterates under the update lock)
                lock(((SegmentLock) c).updateLock());
                c.forEachSegmentEntry(e -> {
                    checkSum(e);
                    if (action != null) {
                        action.accept(e.key().getUsing(null), e.value().getUsing(null));
                    }
                });
            } catch (RuntimeException | AssertionError | InternalError e) {
                throw fault(e);
            }
        }
    }

    /** Entries in the map. */
    long size() {
        long size = 0;
        for (int i = 0; i < map.segments(); i++) {
            try (MapSegmentContext<String, V, ?> c = map.segmentContext(i)) {
                lock(((SegmentLock) c).updateLock()); // size() takes the update lock itself
                size += c.size();
            } catch (RuntimeException | AssertionError | InternalError e) {
                throw fault(e);
            }
        }
        return size;
    }

    @Override
    public void close() {
        map.close();
    }

    private static void lock(Lock lock) {
        try {
            if (!lock.tryLock(RegistryConfig.REGISTRY_LOCK_PROBE_MS, TimeUnit.MILLISECONDS)) {
                throw new LockTimeout();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        }
    }

    private void checkSum(MapEntry<String, V> e) {
        if (!((ChecksumEntry) e).checkSum()) {
            throw new Damage(fileName, "an entry's checksum does not match");
        }
    }

    /** Chronicle's words for a map that has no room left (which is not damage). */
    static boolean isFull(IllegalStateException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("segment tier") || message.contains("is full");
    }

    /**
     * What a failure inside Chronicle means: our own faults and interrupts pass; a lock Chronicle
     * itself gave up on (the global lock of tier allocation: 2 s) is a lock timeout; the rest is
     * damage, as garbled bytes make Chronicle read out of bounds or a size it refuses.
     */
    private RuntimeException fault(Throwable e) {
        if (e instanceof Fault || e instanceof Interrupted || e instanceof IllegalMonitorStateException) {
            return (RuntimeException) e; // the last: a misuse of Chronicle's locks, a bug here, not damage
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof InterProcessDeadLockException || e instanceof IllegalStateException && message.startsWith("Failed to acquire the lock")) {
            return new LockTimeout();
        }
        return new Damage(fileName, "an entry is unreadable: " + message.lines().findFirst().orElse(""));
    }

    /** The calling thread was interrupted while it waited for a lock. */
    static final class Interrupted extends IllegalStateException {
        Interrupted(InterruptedException e) {
            super("interrupted while waiting for a lock on the job registry", e);
        }
    }
}
