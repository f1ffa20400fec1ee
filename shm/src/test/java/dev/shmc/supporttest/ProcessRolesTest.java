package dev.shmc.supporttest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.ProcessRoles;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ProcessRoles} on a real child JVM with a command line as long as a worker's (thousands of
 * characters of class path), for which {@code ProcessHandle.Info} has no arguments.
 */
@Tag("slow")
@Timeout(120)
class ProcessRolesTest {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    /** A child that says it is up and waits to be killed. */
    public static final class Idle {
        private Idle() {
        }

        public static void main(String[] args) {
            ChildMain.startWatchdog();
            System.out.println("UP");
            System.out.flush();
            ChildMain.parkForever();
        }
    }

    @Test
    void shouldReadTheRoleFromTheCommandLineOfAJvmWithALongClassPath() {
        ChildJvm child = children.start(List.of("-Dshmc.role=worker", "-Dlong=" + "x".repeat(20_000)), Idle.class, "an-argument");
        child.awaitLine("UP");
        ProcessHandle handle = child.process().toHandle();
        List<String> line = ProcessRoles.commandLine(handle);
        assertTrue(line.get(0).endsWith("/bin/java"), line.toString());
        assertEquals("an-argument", line.getLast(), "the last argument, without the NUL after it");
        assertTrue(ProcessRoles.isWorker(handle), "-Dshmc.role=worker is on it: " + line);
        assertTrue(ProcessRoles.hasRole(handle, "test-child"), line.toString());
        assertFalse(ProcessRoles.hasRole(handle, "work"), "a role is a whole argument, not a prefix");
    }

    @Test
    void shouldSeeNoRoleOnceTheProcessIsGone() {
        ChildJvm child = children.start(List.of("-Dshmc.role=worker"), Idle.class);
        child.awaitLine("UP");
        ProcessHandle handle = child.process().toHandle();
        child.kill();
        assertEquals(List.of(), ProcessRoles.commandLine(handle));
        assertFalse(ProcessRoles.isWorker(handle));
    }
}
