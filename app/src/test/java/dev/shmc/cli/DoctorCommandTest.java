package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shmc.engine.TempRegionDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** {@code shmc doctor} in this JVM: what it reports, and that it says when something blocks every job. */
class DoctorCommandTest extends TempRegionDirectory {
    @Test
    void shouldReportTheHostAndPassWhenNothingBlocks() {
        CliRunner.Run r = run("doctor", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertTrue(j.get("ok").asBoolean(), j::toString);
        JsonNode facts = j.get("facts");
        assertEquals(Runtime.getRuntime().availableProcessors(), facts.get("cores").get("cores").asInt(), j::toString);
        assertTrue(facts.get("CPU").get("preferredVectorBits").asInt() >= 64, j::toString);
        assertEquals(dir.toString(), facts.get("regions").get("path").asText(), j::toString);
        assertTrue(facts.get("fallback").isTextual(), "a configured directory has no fallback: " + j);
        assertTrue(facts.get("caches").get("segmentBytes").asInt() >= 8192, j::toString);
        assertTrue(facts.has("/dev/shm") && facts.has("memory") && facts.has("hugepages") && facts.has("state") && facts.has("service"),
                j::toString);
    }

    @Test
    void shouldSayThatAConfiguredRegionDirectoryOthersMayWriteBlocksJobs() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        String before = System.setProperty("shmc.dir", open.toString());
        try {
            CliRunner.Run r = run("doctor");
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("BLOCKS JOBS: the region directory " + open), r.out());
            assertTrue(r.out().contains("fix: "), r.out());
            CliRunner.Run json = run("doctor", "--json");
            assertEquals(1, json.code(), json.out());
            assertFalse(json.json().get("ok").asBoolean(), json.out());
        } finally {
            System.setProperty("shmc.dir", before);
        }
    }

    @Test
    void shouldSayWhenTheFallbackDirectoryCouldNotBeMade() throws Exception {
        String before = System.clearProperty("shmc.dir"); // the default directory, whose fallback this is
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        System.setProperty("shmc.fallbackDir", file.resolve("regions").toString()); // under a file: no one can make it
        try {
            CliRunner.Run r = run("doctor");
            assertEquals(0, r.code(), "it blocks only big arrays: " + r.out());
            assertTrue(r.out().contains("problem: the fallback directory " + file.resolve("regions") + " cannot be made"), r.out());
            assertTrue(r.out().contains("XDG_CACHE_HOME"), r.out());
        } finally {
            System.clearProperty("shmc.fallbackDir");
            System.setProperty("shmc.dir", before);
        }
    }
}
