package dev.shmc.shm.queue;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several producer and consumer threads hammering one small {@link SharedQueue}: nothing lost, nothing doubled, per-producer order kept. */
class SharedQueueStressTest {
    private static final long EMPTY = Long.MIN_VALUE;
    private static final long STOP = -1;

    @Test
    @Timeout(60)
    void shouldDeliverEveryValueExactlyOnceWithThreeProducersAndThreeConsumers() throws InterruptedException {
        int producers = 3;
        int consumers = 3;
        long perProducer = 200_000;
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        AtomicLong orderViolations = new AtomicLong();
        try (Arena arena = Arena.ofShared()) {
            SharedQueue q = SharedQueue.create(arena.allocate(SharedQueue.bytesFor(64), 128), 0, 64);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long base = p * perProducer;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (long i = 0; i < perProducer; i++) {
                        assertTrue(q.offer(base + i, 30, TimeUnit.SECONDS));
                    }
                }));
            }
            List<Thread> consumerThreads = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                consumerThreads.add(Thread.ofPlatform().start(() -> {
                    long[] last = new long[producers];
                    java.util.Arrays.fill(last, -1);
                    long n = 0;
                    long s = 0;
                    while (true) {
                        long v = q.poll(30, TimeUnit.SECONDS, EMPTY);
                        if (v == STOP || v == EMPTY) {
                            break;
                        }
                        int p = (int) (v / perProducer);
                        if (v <= last[p]) {
                            orderViolations.incrementAndGet();
                        }
                        last[p] = v;
                        n++;
                        s += v;
                    }
                    count.addAndGet(n);
                    sum.addAndGet(s);
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            for (int c = 0; c < consumers; c++) {
                assertTrue(q.offer(STOP, 30, TimeUnit.SECONDS));
            }
            for (Thread t : consumerThreads) {
                t.join();
            }
            long total = producers * perProducer;
            assertEquals(total, count.get());
            assertEquals(total * (total - 1) / 2, sum.get());
            assertEquals(0, orderViolations.get());
            assertTrue(q.isEmpty());
        }
    }
}
