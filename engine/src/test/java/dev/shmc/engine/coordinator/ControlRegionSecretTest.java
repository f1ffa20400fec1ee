package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.engine.TestKernels.MarkerKernel;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.control.JobFields;
import dev.shmc.engine.worker.WorkerMain;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM runs only the jobs of its own coordinator: it attaches only to a control region that
 * holds the secret its coordinator handed it on standard input. Here a control region with a job
 * published in it (a kernel that leaves a marker file) is offered to a worker with another secret,
 * as another user's region swapped in before the worker attaches would be.
 */
@Tag("slow")
@Timeout(120)
class ControlRegionSecretTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    /** A control region holding {@code secret} with a MarkerKernel job published, as a coordinator would publish it. */
    private static ControlRegion regionWithJob(Path dir, byte[] secret, Path marker) {
        ControlRegion ctl = ControlRegion.create(dir, "ctl-offered", 1, 16, ProcessHandle.current().pid(),
                ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L), secret);
        ctl.publishJob(1, new JobFields(0, 1, 1, 1, 0, 0, 1, 1, MarkerKernel.class.getName(),
                Params.of(Map.of("marker", marker.toString())).encode()), 0, 0, false);
        return ctl;
    }

    private ChildJvm worker(Path control, byte[] secret) throws Exception {
        ChildJvm p = children.start(dir, WorkerMain.class, control.toString(), "0");
        try (OutputStream in = p.stdin()) {
            in.write((HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return p;
    }

    @Test
    void shouldRefuseAControlRegionThatDoesNotHoldItsCoordinatorsSecret() throws Exception {
        Path marker = dir.resolve("marker");
        try (ControlRegion offered = regionWithJob(dir, ControlRegion.newSecret(), marker)) {
            ChildJvm p = worker(offered.path(), ControlRegion.newSecret());
            int exit = p.awaitExit(Duration.ofSeconds(60));
            String output = p.output();
            assertEquals(2, exit, output);
            assertTrue(output.contains("secret does not match"), output);
            assertFalse(Files.exists(marker), "the offered job did not run");
        }
    }

    @Test
    void shouldRunTheJobsOfTheRegionThatHoldsItsSecret() throws Exception {
        Path marker = dir.resolve("marker");
        byte[] secret = ControlRegion.newSecret();
        try (ControlRegion own = regionWithJob(dir, secret, marker)) {
            ChildJvm p = worker(own.path(), secret);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(marker) && System.nanoTime() < deadline && p.isAlive()) {
                    Thread.sleep(10);
                }
                assertTrue(Files.exists(marker), "the worker ran its coordinator's job");
            } finally {
                own.shutdownFlag().setRelease(STOP_SHUTDOWN);
                if (!p.process().waitFor(30, TimeUnit.SECONDS)) {
                    p.kill();
                }
            }
        }
    }
}
