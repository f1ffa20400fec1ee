package dev.shmc.registry;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The registry's reader-writer lock across processes and threads: a POSIX record lock on the file
 * {@value #FILE} in the state directory, which the kernel drops when its process dies.
 *
 * <p>Every look at the map files and every map operation holds it {@linkplain #shared shared};
 * creating, moving aside and clearing the locks of a map file hold it {@linkplain #exclusive
 * exclusively}. So a process holding it exclusively knows that no live process is inside a map:
 * a segment lock it finds set was left by a process that died, and a file it finds incomplete is
 * not being created.
 *
 * <p>The file's first 8 bytes count the {@linkplain #generation generations} of the map files:
 * whoever moves them aside or creates them advances it, so a process that has maps open notices
 * on its next call (a read of mapped memory) that its files were replaced.
 *
 * <p>POSIX record locks belong to a process, not a thread or descriptor, and closing any
 * descriptor of the file drops them all: so there is one instance, one descriptor, per directory
 * and JVM, shared by the registries open on it and closed with the last of them, and the threads
 * of a JVM take its shared or exclusive side through a JVM-local lock in front of it. Waits poll
 * with a deadline, never block without one.
 */
final class RegistryLock {
    /** The lock file, in the state directory. */
    static final String FILE = "registry.lock";

    private static final Map<Path, RegistryLock> OPEN = new HashMap<>();

    private final Path file;
    /** Guarded by {@code this}. */
    private FileChannel channel;
    /** The generation, native byte order (one host). */
    private final MappedByteBuffer generation;
    private final ReentrantReadWriteLock local = new ReentrantReadWriteLock();
    private int users;
    /** Guarded by {@code this}: threads of this JVM inside a shared hold, and the OS lock they share. */
    private int sharedHolders;
    private FileLock sharedLock;

    private RegistryLock(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        // mapping extends a new (empty) file with zeros, and never overwrites what is there
        this.generation = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
    }

    /** The lock of {@code directory} (creating its file); {@link #release()} it when done. */
    static RegistryLock open(Path directory) throws IOException {
        Path file = directory.resolve(FILE).toAbsolutePath().normalize();
        synchronized (OPEN) {
            RegistryLock lock = OPEN.get(file);
            if (lock == null) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    lock = new RegistryLock(file, channel);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                OPEN.put(file, lock);
            }
            lock.users++;
            return lock;
        }
    }

    /** The generation of the map files; read it holding either side. */
    long generation() {
        return generation.getLong(0);
    }

    /** Starts a new generation of the map files (moved aside, created); holding the exclusive side. */
    void advanceGeneration() {
        generation.putLong(0, generation.getLong(0) + 1);
    }

    /** Gives back what {@link #open} gave; the last user closes the file. */
    void release() {
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(file);
                try {
                    synchronized (this) {
                        channel.close();
                    }
                } catch (IOException e) {
                    // nothing held any more: nothing to undo
                }
            }
        }
    }

    /** A hold on the lock; closing it lets go. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the shared side, waiting at most {@code timeoutNanos} for an exclusive holder.
     *
     * @return the hold, or null when the wait ran out
     */
    Hold shared(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        if (!tryLock(local.readLock(), timeoutNanos)) {
            return null;
        }
        try {
            synchronized (this) {
                if (sharedHolders == 0) {
                    sharedLock = poll(true, deadline);
                    if (sharedLock == null) {
                        local.readLock().unlock();
                        return null;
                    }
                }
                sharedHolders++;
            }
        } catch (IOException | RuntimeException e) {
            local.readLock().unlock();
            throw e;
        }
        return this::releaseShared;
    }

    private void releaseShared() {
        try {
            synchronized (this) {
                if (--sharedHolders == 0) {
                    FileLock held = sharedLock;
                    sharedLock = null;
                    releaseQuietly(held);
                }
            }
        } finally {
            local.readLock().unlock();
        }
    }

    /**
     * Takes the exclusive side, waiting at most {@code timeoutNanos} for the holders of either
     * side, in this JVM and in others. The calling thread must not hold the shared side.
     *
     * @return the hold, or null when the wait ran out
     */
    Hold exclusive(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        if (!tryLock(local.writeLock(), timeoutNanos)) {
            return null;
        }
        FileLock held;
        try {
            held = poll(false, deadline);
        } catch (IOException | RuntimeException e) {
            local.writeLock().unlock();
            throw e;
        }
        if (held == null) {
            local.writeLock().unlock();
            return null;
        }
        return () -> {
            try {
                releaseQuietly(held);
            } finally {
                local.writeLock().unlock();
            }
        };
    }

    /**
     * The OS lock, polled until {@code deadline} (a blocking lock call could wait forever). An
     * interrupt is held back meanwhile: it would close the channel, and every hold of this JVM with it.
     */
    private FileLock poll(boolean shared, long deadline) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            long pauseMillis = 1;
            while (true) {
                FileLock lock = channel().tryLock(0, Long.MAX_VALUE, shared);
                if (lock != null) {
                    return lock;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    Thread.sleep(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                } catch (InterruptedException e) {
                    interrupted = true;
                    return null;
                }
                pauseMillis = Math.min(pauseMillis * 2, 20);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The channel; reopened if something closed it (its locks are then gone already). */
    private synchronized FileChannel channel() throws IOException {
        if (!channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    private static boolean tryLock(Lock lock, long timeoutNanos) {
        try {
            return lock.tryLock(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void releaseQuietly(FileLock lock) {
        boolean interrupted = Thread.interrupted(); // as in poll
        try {
            lock.release();
        } catch (IOException e) {
            // the channel is gone, and the lock with it
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
