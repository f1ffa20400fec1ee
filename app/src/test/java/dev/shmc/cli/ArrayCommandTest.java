package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;

import dev.shmc.cli.CliRunner.Run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.region.SharedRegion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("slow")
@Timeout(180)
class ArrayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String kept = "array-cli-test-" + Processes.selfPid() + "-" + System.nanoTime();


    @AfterEach
    void removeKept() throws IOException {
        for (String name : List.of(kept, kept + "-y")) {
            Path p = Regions.directory().resolve(name + ".region");
            if (Files.exists(p)) {
                SharedRegion.attach(name).delete();
            }
        }
        try (var files = dev.shmc.engine.TestFiles.list(Regions.directory())) {
            List<String> ours = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("array-" + Processes.selfPid() + "-") || f.startsWith(kept)).toList();
            assertEquals(List.of(), ours, "arrays left behind");
        }
    }

    @Test
    void shouldFillAndReduceAnIndexArrayExactly() {
        long n = 300_001;
        Run r = run("array", "--doubles", "300_001", "--workers", "2", "--ops", "sum,min,max,mean,dot,scale,sum,axpy", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(n, j.get("doubles").asLong());
        assertEquals(n * 8, j.get("bytes").asLong());
        JsonNode ops = j.get("ops");
        assertEquals("sum", ops.get(0).get("op").asText());
        assertEquals(n * (n - 1) / 2.0, ops.get(0).get("value").asDouble());
        assertEquals(ops.get(0).get("expected").asDouble(), ops.get(0).get("value").asDouble());
        assertEquals(0.0, ops.get(1).get("value").asDouble());
        assertEquals(n - 1.0, ops.get(2).get("value").asDouble());
        assertEquals((n - 1) / 2.0, ops.get(3).get("value").asDouble());
        assertEquals(ops.get(4).get("expected").asDouble(), ops.get(4).get("value").asDouble(), 1e-12 * ops.get(4).get("value").asDouble());
        assertEquals(2.0 * n * (n - 1) / 2.0, ops.get(6).get("value").asDouble(), "the sum after scale by 2");
        assertTrue(ops.get(0).get("seconds").asDouble() > 0);
        assertTrue(ops.get(0).has("GBps"));
        assertTrue(j.get("fillSeconds").asDouble() > 0);
        JsonNode processes = j.get("memory").get("processes");
        assertEquals(3, processes.size(), "coordinator and 2 workers");
        for (JsonNode p : processes) {
            assertTrue(p.get("pid").asLong() > 0);
            assertTrue(p.get("status").get("VmHWM").asLong() > 0);
            assertTrue(p.get("smapsRollup").has("Private_Dirty"));
            assertTrue(p.get("smapsRollup").has("Pss"));
        }
        assertEquals("coordinator", processes.get(0).get("role").asText());
        assertFalse(j.get("kept").asBoolean());
    }

    @Test
    void shouldGiveTheSameRandomSumWithOneAndTwoWorkersAndAnySchedule() {
        String[] args = {"array", "--doubles", "3e6", "--fill", "random", "--seed", "42", "--ops", "sum,dot,max", "--json", "--workers"};
        JsonNode one = run(concat(args, "1")).json();
        JsonNode two = run(concat(concat(args, "2"), "--schedule", "dynamic")).json();
        assertEquals("dynamic", two.get("schedule").asText());
        assertEquals(one.get("results"), two.get("results"));
        assertEquals(3e6 / 2, one.get("results").get("sum").asDouble(), 3e6 * 0.01);
    }

    @Test
    void shouldKeepAnArrayForAnotherRunToAttach() {
        Run first = run("array", "--doubles", "100000", "--workers", "1", "--mode", "threads", "--keep", kept, "--json");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.json().get("kept").asBoolean());
        assertTrue(Files.exists(Regions.directory().resolve(kept + ".region")));
        Run second = run("array", "--attach", kept, "--workers", "2", "--ops", "sum,max", "--json");
        assertEquals(0, second.code(), second.err());
        JsonNode j = second.json();
        assertFalse(j.get("created").asBoolean());
        assertFalse(j.has("fillSeconds"), "an attached array is not filled again");
        assertEquals(first.json().get("results").get("sum"), j.get("results").get("sum"));
        assertEquals(99_999.0, j.get("results").get("max").asDouble());
        assertTrue(Files.exists(Regions.directory().resolve(kept + ".region")), "an attached array stays");
    }

    @Test
    void shouldPrintTextWithTimingsAndMemory() {
        Run r = run("array", "--doubles", "1e5", "--workers", "2", "--mode", "threads");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sum   = 4.99995E9"), r.out());
        assertTrue(r.out().contains("GB/s"), r.out());
        assertTrue(r.out().contains("peak RSS"), r.out());
        assertTrue(r.out().contains("removed"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "array --doubles -5", "array --doubles 0", "array --doubles 12x", "array --doubles 1e30", "array --doubles 1.5",
            "array --doubles 1e15", "array", "array --doubles 10 --ops sum,median", "array --doubles 10 --fill zeros",
            "array --attach no-such-array-here", "array --doubles 10 --keep a --attach b", "array --doubles 10 --keep ../x",
            "array --doubles 10 --alpha two", "array --doubles 10 --workers 0", "array --doubles 10 --repeat 0",
            "array --doubles 10 --schedule sometimes"})
    void shouldRejectBadInputWithExitCode2AndOneLine(String line) {
        Run r = run(line.split(" "));
        assertEquals(2, r.code(), line + " -> " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
