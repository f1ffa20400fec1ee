package dev.shmc.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("slow")
@Timeout(180)
class CounterCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode runJson(int expectedCode, String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(expectedCode, code, err.toString());
        return JSON.readTree(out.toString());
    }

    @AfterEach
    void nothingLeft() throws IOException {
        try (var files = dev.shmc.engine.TestFiles.list(Regions.directory())) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("counter-" + Processes.selfPid() + "-")).toList(), "counter regions or files left behind");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"atomic", "lock", "filelock"})
    void shouldCountExactlyWithTwoWorkerJvms(String sync) throws IOException {
        long m = sync.equals("filelock") ? 20_000 : 400_000;
        JsonNode j = runJson(0, "counter", "--workers", "2", "--increments", Long.toString(m), "--sync", sync, "--json");
        assertEquals(m, j.get("expected").asLong());
        assertEquals(m, j.get("actual").asLong());
        assertEquals(0, j.get("lost").asLong());
        assertEquals(sync, j.get("sync").asText());
        assertTrue(j.get("seconds").asDouble() > 0);
        assertTrue(j.get("opsPerSecond").asDouble() > 0);
    }

    @Test
    void shouldReportLostUpdatesWithoutSync() throws IOException {
        JsonNode j = runJson(0, "counter", "--workers", "2", "--increments", "1e6", "--sync", "none", "--mode", "threads", "--json");
        assertEquals(1_000_000, j.get("expected").asLong());
        assertTrue(j.get("actual").asLong() <= 1_000_000);
        assertEquals(j.get("expected").asLong() - j.get("actual").asLong(), j.get("lost").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"counter --sync sometimes", "counter --increments -5", "counter --increments abc",
            "counter --increments 0", "counter --increments 1e30", "counter --workers -1", "counter --mode fork"})
    void shouldRejectBadInputWithExitCode2AndOneLine(String line) {
        StringWriter err = new StringWriter();
        int code = Main.execute(line.split(" "), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(2, code, line + " -> " + err);
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
