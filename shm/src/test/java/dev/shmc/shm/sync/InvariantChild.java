package dev.shmc.shm.sync;

import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;

/**
 * Child JVM: {@code iterations} times reads longs A and B, counts it when they differ (the
 * invariant is A == B), and writes A+1 and B+1; with {@code locked} under the shared lock, with
 * {@code unlocked} without it. Adds the differences it saw to the violations counter.
 * Args: region iterations locked|unlocked.
 */
public final class InvariantChild {
    private InvariantChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        long iterations = Long.parseLong(args[1]);
        boolean locked = switch (args[2]) {
            case "locked" -> true;
            case "unlocked" -> false;
            default -> throw new IllegalArgumentException("locked or unlocked: " + args[2]);
        };
        try (TestSync sync = TestSync.attach(args[0])) {
            SharedLock lock = sync.lock();
            sync.readyThenAwaitGo();
            long violations = 0;
            for (long i = 0; i < iterations; i++) {
                if (locked) {
                    lock.lock();
                }
                try {
                    long a = sync.a();
                    long b = sync.b();
                    if (a != b) {
                        violations++;
                    }
                    sync.setA(a + 1);
                    sync.setB(b + 1);
                } finally {
                    if (locked) {
                        lock.unlock();
                    }
                }
            }
            sync.violations().getAndAdd(violations);
        }
    }
}
