package dev.shmc.shm.queue;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SharedQueue} between real JVMs: two producer processes, two consumer processes, one queue. */
@Tag("slow")
class SharedQueueProcessTest {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @ShmTempDir
    Path dir;

    @Test
    void shouldDeliverEveryValueExactlyOnceBetweenProducerAndConsumerProcesses() {
        int producers = 2;
        int consumers = 2;
        long perProducer = 100_000;
        try (TestSync sync = TestSync.create(dir, "sync"); SharedQueue queue = SharedQueue.create(dir, "queue", 256)) {
            List<ChildJvm> started = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                started.add(children.start(dir, QueueProducerChild.class, "sync", "queue", Integer.toString(p), Long.toString(perProducer)));
            }
            List<ChildJvm> consuming = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                consuming.add(children.start(dir, QueueConsumerChild.class, "sync", "queue", Integer.toString(c),
                        Long.toString(perProducer)));
            }
            sync.goWhenReady(producers + consumers);
            started.forEach(ChildJvm::assertExitsNormally);
            for (int c = 0; c < consumers; c++) {
                assertTrue(queue.offer(QueueConsumerChild.POISON_PILL, 60, TimeUnit.SECONDS), "poison pill " + c);
            }
            consuming.forEach(ChildJvm::assertExitsNormally);

            long total = producers * perProducer;
            long count = 0;
            long sum = 0;
            for (int c = 0; c < consumers; c++) {
                count += sync.slot(2 * c).getVolatile();
                sum += sync.slot(2 * c + 1).getVolatile();
            }
            assertEquals(total, count, "values received");
            assertEquals(total * (total - 1) / 2, sum, "sum of values received");
            assertEquals(0, sync.violations().getVolatile(), "values of one producer out of order at a consumer");
            assertTrue(queue.isEmpty());
        }
    }
}
