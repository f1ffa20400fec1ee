package dev.shmc.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker JVMs ask for transparent huge pages exactly when the kernel gives them on request. */
class WorkerJvmOptionsHugePagesTest {
    private static final String FLAG = "-XX:+UseTransparentHugePages";

    @TempDir
    Path dir;

    private List<String> optionsFor(String enabled, boolean hugePages) throws Exception {
        Path file = dir.resolve("enabled");
        Files.writeString(file, enabled + "\n");
        return EngineConfig.workerJvmOptions(file, hugePages);
    }

    @Test
    void shouldAskForHugePagesWhenTheKernelGivesThemOnRequest() throws Exception {
        assertTrue(optionsFor("always [madvise] never", true).contains(FLAG));
    }

    @Test
    void shouldNotAskWhenTheyAreAlwaysOnOrOffOrUnknown() throws Exception {
        assertFalse(optionsFor("[always] madvise never", true).contains(FLAG), "the heap has them anyway");
        assertFalse(optionsFor("always madvise [never]", true).contains(FLAG), "the flag would only draw a warning");
        assertFalse(EngineConfig.workerJvmOptions(dir.resolve("absent"), true).contains(FLAG), "no sysfs file");
    }

    @Test
    void shouldLeaveTheFlagOutWhenTurnedOff() throws Exception {
        List<String> off = optionsFor("always [madvise] never", false);
        assertFalse(off.contains(FLAG));
        assertEquals(off.size() + 1, optionsFor("always [madvise] never", true).size(), "only the flag differs");
    }
}
