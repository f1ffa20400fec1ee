package dev.shmc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.ArrayReduceKernel;
import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.OwnedPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Another user made the default region directory first (it does not exist between runs): the run
 * goes to a fresh private directory instead, never writes into theirs, and its worker JVMs find
 * the same directory (a named array there) without resolving it again. Chowns to {@code nobody},
 * so it runs as root, as in CI.
 */
@Tag("slow")
@Timeout(120)
class RegionDirectoryTakeoverTest {
    @Test
    void shouldRunInAPrivateDirectoryWhenAnotherUserTookTheDefaultOne() throws Exception {
        assumeTrue(OwnedPaths.currentUid() == 0, "needs root (to chown to nobody), as in CI");
        String previousUser = System.getProperty("user.name");
        String previousDir = System.getProperty(ShmConfig.DIRECTORY_PROPERTY);
        String user = "takeover" + ProcessHandle.current().pid();
        Path taken = ShmConfig.defaultParent().resolve("shmc-" + user);
        Path used = null;
        System.setProperty("user.name", user);
        System.clearProperty(ShmConfig.DIRECTORY_PROPERTY);
        try {
            Files.createDirectory(taken);
            Files.setPosixFilePermissions(taken, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setOwner(taken, taken.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            long n = 1_000_000;
            try (SharedDoubleArray prices = SharedDoubleArray.create("prices", n);
                 Engine e = Engine.builder().mode(Mode.PROCESSES).workers(2).build()) {
                used = prices.region().path().getParent();
                assertEquals(used, e.controlPath().getParent(), "the engine's control region is there too");
                for (long i = 0; i < n; i++) {
                    prices.set(i, i);
                }
                JobResult r = e.run(ArrayReduceKernel.spec("prices", null, n, ArrayReduceKernel.Op.SUM));
                assertEquals(n * (n - 1) / 2.0, ArrayReduceKernel.value(ArrayReduceKernel.Op.SUM, r), "the workers read the array in place");
                try (Stream<Path> files = Files.list(taken)) {
                    assertEquals(List.of(), files.toList(), "nothing was written into the other user's directory");
                }
                assertTrue(OwnedPaths.isPrivateDirectory(used));
            }
            assertTrue(Files.notExists(used), "the private directory goes with its last region");
        } finally {
            System.setProperty("user.name", previousUser);
            if (previousDir != null) {
                System.setProperty(ShmConfig.DIRECTORY_PROPERTY, previousDir);
            }
            Files.deleteIfExists(taken);
            if (used != null) {
                Files.deleteIfExists(used);
            }
        }
    }
}
