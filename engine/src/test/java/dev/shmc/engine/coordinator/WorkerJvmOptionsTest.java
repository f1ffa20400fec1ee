package dev.shmc.engine.coordinator;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.methods.UserMath;
import dev.shmc.engine.worker.WorkerMain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The user's worker JVM options: checked when the engine is built, applied after the engine's own. */
@Timeout(120)
class WorkerJvmOptionsTest {
    @TempDir
    Path dir;

    @Test
    void shouldAcceptHeapGcPropertyAssertionAgentAndModuleOptions() {
        List<String> options = List.of("-Xmx2g", "-Xss4m", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=50", "-Xlog:gc:stderr", "-Dmy.prop=a b",
                "-ea", "-da:com.example...", "-verbose:gc", "-javaagent:/opt/agent.jar=x", "-agentlib:jdwp=transport=dt_socket",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "--enable-preview");
        assertEquals(options, WorkerJvmOptions.checked(options));
    }

    @Test
    void shouldRefuseOptionsThatWouldReplaceOrStopTheWorkersProgram() {
        assertRefused("-cp", "the engine sets the worker's classpath");
        assertRefused("-classpath", "the engine sets the worker's classpath");
        assertRefused("--class-path=x.jar", "the engine sets the worker's classpath");
        assertRefused("-jar", "the engine sets the worker's classpath");
        assertRefused("--module-path", "the engine sets the worker's classpath");
        assertRefused("@options.txt", "the engine sets the worker's classpath");
        assertRefused("-version", "allowed: -X...");
        assertRefused("-X", "a bare -X prints the JVM's help");
        assertRefused("--add-opens", "give its value in the same string: --add-opens=<value>");
        assertRefused("-Dshmc.dir=/elsewhere", "set shmc.* properties on the coordinator's JVM");
        assertRefused("-Xmx2g -XX:+UseParallelGC", "give each as a string of its own");
        assertRefused("-Xmxlots", "its size must be a number");
        assertRefused("", "it is empty");
        assertRefused("   ", "it is empty");
        assertRefused(" -Xmx1g", "leading or trailing spaces");
        assertRefused("Xmx1g", "allowed: -X...");
    }

    @Test
    void shouldRefuseABadOptionWhenTheEngineIsConfigured() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engine.builder().workerJvmOptions("-Xmx1g", "-jar"));
        assertEquals("worker JVM option '-jar' refused: the engine sets the worker's classpath and main class (workers run with the"
                + " coordinator's classpath)", e.getMessage());
    }

    @Test
    void shouldPutTheUsersOptionsAfterTheEnginesAndBeforeTheWorkersProgram() {
        List<String> cmd = ProcessWorkerPool.baseCommand(dir.resolve("ctl"), List.of("-Xmx96m", "-Dkapi.probe=yes"));
        int userHeap = cmd.indexOf("-Xmx96m");
        assertTrue(userHeap > cmd.indexOf("-XX:+UseSerialGC"), "after the defaults, so the last -Xmx wins: " + cmd);
        assertTrue(cmd.stream().filter(o -> o.startsWith("-Xmx")).toList().indexOf("-Xmx96m") > 0, "after the default heap: " + cmd);
        assertTrue(userHeap < cmd.indexOf("-cp") && userHeap < cmd.indexOf(WorkerMain.class.getName()), cmd.toString());
        assertEquals(cmd.size() - 2, cmd.indexOf(WorkerMain.class.getName()), "the main class and the control path end it");
    }

    @Test
    void shouldLeaveOutTheDefaultCollectorWhenTheUserChoosesOne() {
        List<String> cmd = ProcessWorkerPool.baseCommand(dir.resolve("ctl"), List.of("-XX:+UseParallelGC"));
        assertFalse(cmd.contains("-XX:+UseSerialGC"), "two collectors stop the JVM: " + cmd);
        assertTrue(ProcessWorkerPool.baseCommand(dir.resolve("ctl"), List.of()).contains("-XX:+UseSerialGC"));
    }

    @Test
    @Tag("slow")
    void shouldStartWorkerJvmsWithTheUsersHeapCollectorAndProperties() {
        JobSpec facts = JobSpec.builder(ResultLayout.longs(4), UserMath::jvmFacts).units(1).build();
        long defaultHeap;
        try (Engine e = Engine.builder().mode(Mode.PROCESSES).workers(1).directory(dir).build()) {
            long[] w = e.run(facts).words();
            defaultHeap = w[0];
            assertEquals(0, w[1], "the default collector is the serial one");
            assertEquals(0, w[2]);
            assertEquals(1000, w[3], "counted loops strip-mined as under G1 (the vector pi kernel's speed)");
        }
        try (Engine e = Engine.builder().mode(Mode.PROCESSES).workers(1).directory(dir)
                .workerJvmOptions("-Xmx96m", "-XX:+UseParallelGC", "-Dkapi.probe=yes").build()) {
            long[] w = e.run(facts).words();
            assertTrue(w[0] <= 96L << 20 && w[0] > 48L << 20, "max heap seen in the worker: " + w[0] + " bytes");
            assertNotEquals(defaultHeap, w[0], "the default heap is " + defaultHeap + " bytes");
            assertEquals(1, w[1], "the parallel collector");
            assertEquals(1, w[2], "-Dkapi.probe=yes");
            assertEquals(1000, w[3], "strip-mined with the user's collector too");
        }
    }

    private static void assertRefused(String option, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerJvmOptions.checked(List.of(option)));
        assertTrue(e.getMessage().startsWith("worker JVM option '" + option + "' refused: "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
