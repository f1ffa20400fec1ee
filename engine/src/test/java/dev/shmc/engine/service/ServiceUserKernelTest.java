package dev.shmc.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shmc.engine.Engine;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.loader.KernelSources;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's kernel that the service did not have: compiled after the service and its worker JVMs
 * started, into a jar the job names, and run on the service's warm workers through a client that
 * reaches it only by the service region.
 */
@Tag("slow")
@Timeout(180)
class ServiceUserKernelTest extends TempRegionDirectory {
    private static final long UNITS = 200_000;

    @TempDir
    Path jars;

    @Test
    void shouldRunAUserKernelFromAJarTheServiceDidNotHave() throws IOException {
        try (Engine engine = Engine.builder().workers(2).mode(Mode.PROCESSES).directory(dir).build()) {
            String control = engine.controlPath().getFileName().toString().replace(".region", "");
            ServiceHost host = ServiceHost.open(dir, engine, control, line -> { });
            Thread serving = Thread.ofPlatform().name("test-service").start(host::run);
            try {
                assertThrows(ClassNotFoundException.class, () -> Class.forName(KernelSources.KERNEL), "not on any classpath here");
                // built now: after the service and its workers started
                Path jar = KernelSources.jar(KernelSources.compile(jars.resolve("classes"), 7), jars.resolve("user-kernels.jar"));
                try (JobRunner client = ServiceConnection.connect(dir)) {
                    JobResult r = client.run(JobSpec.builder(KernelSources.KERNEL).classpath(jar).units(UNITS).build());
                    assertEquals(JobStatus.COMPLETED, r.status());
                    assertEquals(KernelSources.scaledSum(7, UNITS), r.word(0));
                    // and again: the loader is cached in the service and in its workers
                    assertEquals(KernelSources.scaledSum(7, UNITS), client.run(JobSpec.builder(KernelSources.KERNEL).classpath(jar)
                            .units(UNITS).build()).word(0));
                    // a program whose own classpath has the kernel: the client names its jar for it
                    ClassLoader before = Thread.currentThread().getContextClassLoader();
                    try (java.net.URLClassLoader program = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, before)) {
                        Thread.currentThread().setContextClassLoader(program);
                        assertEquals(KernelSources.scaledSum(7, UNITS), client.run(JobSpec.builder(KernelSources.KERNEL).units(UNITS).build()).word(0));
                    } finally {
                        Thread.currentThread().setContextClassLoader(before);
                    }
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> client.submit(JobSpec.builder(KernelSources.KERNEL).units(UNITS).build()));
                    assertEquals(true, e.getMessage().contains("kernel class not found"), e.getMessage());
                }
            } finally {
                host.requestStop(true);
                try {
                    serving.join(30_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                host.close();
            }
        }
    }
}
