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

/** {@link SharedBarrier} across real processes. */
@Tag("slow")
class SharedBarrierProcessTest {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @ShmTempDir
    Path dir;

    @Test
    void shouldSynchroniseThreeProcessesOverSeveralRounds() {
        int parties = 3;
        int rounds = 50;
        try (TestSync sync = TestSync.create(dir, "barrier")) {
            List<ChildJvm> started = new ArrayList<>();
            for (int p = 0; p < parties; p++) {
                started.add(children.start(dir, BarrierPartyChild.class, "barrier", Integer.toString(p),
                        Integer.toString(parties), Integer.toString(rounds)));
            }
            started.forEach(ChildJvm::assertExitsNormally);

            assertEquals(rounds, sync.barrier(parties).generation(), "completed rounds");
            for (int p = 0; p < parties; p++) {
                assertEquals(rounds, sync.slot(p).getVolatile(), "last round of party " + p);
            }
        }
    }
}
