package dev.shmc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SharedCounter} across real worker processes. */
@Tag("slow")
class SharedCounterProcessTest {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @ShmTempDir
    Path dir;

    @Test
    void shouldCountExactlyWhenWorkerProcessesEachAddM() {
        int workers = 3;
        long adds = 200_000;
        try (TestSync sync = TestSync.create(dir, "counter")) {
            List<ChildJvm> started = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                started.add(children.start(dir, CounterAdderChild.class, "counter", Long.toString(adds)));
            }
            sync.goWhenReady(workers);
            started.forEach(ChildJvm::assertExitsNormally);

            assertEquals(workers * adds, sync.counter().getVolatile());
        }
    }
}
