package dev.shmc.bench.harness;

import java.util.Optional;

/** What every peer JVM's main does first: a watchdog so that no peer outlives the benchmark that started it. */
public final class PeerMain {
    private PeerMain() {
    }

    /** A peer lives at most this long, whatever happens to its parent. */
    private static final long MAX_LIFETIME_NANOS = 30L * 60 * 1_000_000_000L;

    /** Halts this JVM when its parent process is gone or after 30 minutes. */
    public static void startWatchdog() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        long end = System.nanoTime() + MAX_LIFETIME_NANOS;
        Thread.ofPlatform().daemon().name("peer-watchdog").start(() -> {
            while (true) {
                if (parent.isPresent() && !parent.get().isAlive() || System.nanoTime() - end >= 0) {
                    Runtime.getRuntime().halt(98);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
}
