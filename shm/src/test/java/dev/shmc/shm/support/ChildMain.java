package dev.shmc.shm.support;

import java.time.Duration;
import java.util.Optional;

/**
 * Helpers for the {@code main} of a child JVM: a watchdog so that no child outlives its test, and
 * one way to fail (a message on stderr and exit status {@value #FAILED}).
 */
public final class ChildMain {
    private ChildMain() {
    }

    /** Exit status of a child whose check failed. */
    public static final int FAILED = 3;

    /** A child never lives longer than this, whatever happens to its test. */
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(3);

    /**
     * Call first in every child main: halts this JVM when the test JVM that started it is gone or
     * after {@link #MAX_LIFETIME}, so that a crashed or killed test run leaves no orphans.
     */
    public static void startWatchdog() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        long end = System.nanoTime() + MAX_LIFETIME.toNanos();
        Thread.ofPlatform().daemon().name("child-watchdog").start(() -> {
            while (true) {
                if (parent.isPresent() && !parent.get().isAlive()) {
                    Runtime.getRuntime().halt(98);
                }
                if (System.nanoTime() - end >= 0) {
                    System.err.println("child: lived longer than " + MAX_LIFETIME + ", halting");
                    Runtime.getRuntime().halt(97);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Prints {@code message} on stderr and exits with {@link #FAILED}. */
    public static void fail(String message) {
        System.err.println("child check failed: " + message);
        System.err.flush();
        System.exit(FAILED);
    }

    /** Blocks forever: a child that holds something until the test kills it. */
    public static void parkForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep holding
            }
        }
    }
}
