package dev.shmc.shm.queue;

import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;
import java.util.concurrent.TimeUnit;

/** Child JVM: offers producer p's values p*M .. p*M+M-1 in order. Args: sync queue p M. */
public final class QueueProducerChild {
    private QueueProducerChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        long p = Long.parseLong(args[2]);
        long m = Long.parseLong(args[3]);
        try (TestSync sync = TestSync.attach(args[0]); SharedQueue queue = SharedQueue.attach(args[1])) {
            sync.readyThenAwaitGo();
            for (long i = 0; i < m; i++) {
                if (!queue.offer(p * m + i, 60, TimeUnit.SECONDS)) {
                    ChildMain.fail("queue stayed full for 60 s at value " + (p * m + i));
                }
            }
        }
    }
}
