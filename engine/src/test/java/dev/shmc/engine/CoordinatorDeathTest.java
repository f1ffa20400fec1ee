package dev.shmc.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.CoordinatorChild;
import dev.shmc.engine.api.Mode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
@Timeout(120)
class CoordinatorDeathTest {
    @TempDir
    Path dir;

    @Test
    void shouldStopWorkersAndLeaveNoRegionWhenTheCoordinatorIsKilled() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + System.getProperty("shmc.jvmArgsFile"));
        cmd.add("-Dshmc.jvmArgsFile=" + System.getProperty("shmc.jvmArgsFile"));
        cmd.add("-Dshmc.role=test-coordinator");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CoordinatorChild.class.getName());
        cmd.add(dir.toString());
        Process coordinator = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ProcessHandle> workers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("WORKERS ")) {
                // skip anything else the child prints
            }
            assertNotNull(line, "coordinator child printed no worker PIDs");
            for (String pid : line.substring("WORKERS ".length()).split(" ")) {
                workers.add(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
            }
            Thread.sleep(500); // let the job get going
            coordinator.destroyForcibly(); // SIGKILL
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS));

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (workers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(workers.stream().noneMatch(ProcessHandle::isAlive), "worker JVMs still alive 5 s after the coordinator died");

            // The next engine start reclaims anything stale; then nothing of ours is left.
            try (Engine next = Engine.builder().mode(Mode.THREADS).workers(1).directory(dir).build()) {
                assertEquals(1, countRegions(), "only the new engine's control region: " + next.controlPath());
            }
            assertEquals(0, countRegions(), "regions left in " + dir);
        } finally {
            coordinator.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private long countRegions() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".region")).count();
        }
    }
}
