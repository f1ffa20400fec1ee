package dev.shmc.shm.queue;

import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM: polls until a poison pill, then writes its count to slot 2c and its sum to slot 2c+1,
 * and counts values of one producer that arrive out of order. Args: sync queue c M.
 */
public final class QueueConsumerChild {
    /** Tells a consumer to stop. */
    static final long POISON_PILL = -1;
    private static final long EMPTY = Long.MIN_VALUE;

    private QueueConsumerChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        int c = Integer.parseInt(args[2]);
        long m = Long.parseLong(args[3]);
        try (TestSync sync = TestSync.attach(args[0]); SharedQueue queue = SharedQueue.attach(args[1])) {
            sync.readyThenAwaitGo();
            Map<Long, Long> lastByProducer = new HashMap<>();
            long count = 0;
            long sum = 0;
            while (true) {
                long v = queue.poll(60, TimeUnit.SECONDS, EMPTY);
                if (v == EMPTY) {
                    ChildMain.fail("queue stayed empty for 60 s without a poison pill");
                }
                if (v == POISON_PILL) {
                    break;
                }
                long producer = v / m;
                Long last = lastByProducer.put(producer, v);
                if (last != null && last >= v) {
                    sync.violations().getAndAdd(1);
                }
                count++;
                sum += v;
            }
            sync.slot(2 * c).setRelease(count);
            sync.slot(2 * c + 1).setRelease(sum);
        }
    }
}
