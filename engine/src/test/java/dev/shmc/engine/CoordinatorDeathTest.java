package dev.shmc.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.CoordinatorChild;
import dev.shmc.engine.api.Mode;
import dev.shmc.shm.support.Await;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
@Timeout(120)
class CoordinatorDeathTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @Test
    void shouldStopWorkersAndLeaveNoRegionWhenTheCoordinatorIsKilled() throws Exception {
        ChildJvm coordinator = children.start(dir, List.of("-Dshmc.role=test-coordinator"), CoordinatorChild.class, dir.toString());
        List<ProcessHandle> workers = new ArrayList<>();
        try {
            String line = coordinator.awaitLineStartingWith("WORKERS ");
            for (String pid : line.substring("WORKERS ".length()).split(" ")) {
                workers.add(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
            }
            Thread.sleep(500); // let the job get going
            coordinator.kill(); // SIGKILL, and reaped

            Await.await("the worker JVMs to exit after the coordinator died", () -> workers.stream().noneMatch(ProcessHandle::isAlive),
                    Duration.ofSeconds(5));

            // The next engine start reclaims anything stale; then nothing of ours is left.
            try (Engine next = Engine.builder().mode(Mode.THREADS).workers(1).directory(dir).build()) {
                assertEquals(1, countRegions(), "only the new engine's control region: " + next.controlPath());
            }
            assertEquals(0, countRegions(), "regions left in " + dir);
        } finally {
            coordinator.kill();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private long countRegions() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".region")).count();
        }
    }
}
