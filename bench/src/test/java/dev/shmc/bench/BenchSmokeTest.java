package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.cli.Main;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every suite of {@code shmc bench} at a tiny size: it exits 0 and writes its CSVs (which parse,
 * every row as wide as the header), PNG charts, summary.md and summary.csv, and a JSON object
 * naming them. Never asserts a timing. Afterwards no region of ours is left in the region
 * directory (a private one on /dev/shm, removed at the end) and no child process is left.
 */
@Tag("slow")
class BenchSmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path regions;
    private static String previousDir;

    @TempDir
    Path out;

    @BeforeAll
    static void privateRegionDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        regions = Files.createTempDirectory(base, "shmc-bench-test-");
        previousDir = System.getProperty("shmc.dir");
        // the engine, its worker JVMs and the peers all take their region directory from here
        System.setProperty("shmc.dir", regions.toString());
    }

    @AfterAll
    static void removeRegionDirectory() throws IOException {
        if (previousDir == null) {
            System.clearProperty("shmc.dir");
        } else {
            System.setProperty("shmc.dir", previousDir);
        }
        if (Files.isDirectory(regions)) {
            try (Stream<Path> files = Files.walk(regions)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"dispatch,1,dispatch", "ipc,1,ipc", "modes,1,modes", "chunks,1,chunks", "flags,2,flags", "queue,1,queue", "cluster,1,cluster"})
    @Timeout(120)
    void shouldWriteParsableCsvChartsAndSummaryForEachSuite(String suite, int workers, String csv) throws IOException {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.execute(new String[] {"bench", suite, "--tiny", "--workers", Integer.toString(workers), "--out", out.toString(),
                "--json"}, new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertEquals(0, code, "exit code; stderr:\n" + stderr);

        JsonNode json = JSON.readTree(stdout.toString());
        assertEquals(suite, json.get("suite").asText());
        assertTrue(json.get("headlines").isArray() && json.get("headlines").size() > 0, "headlines: " + json);
        List<String> files = new ArrayList<>();
        json.get("files").forEach(f -> files.add(f.asText()));
        for (String f : files) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "listed file exists: " + f);
        }

        Path table = out.resolve(csv + ".csv");
        assertTrue(Files.isRegularFile(table), csv + ".csv written");
        assertParsableCsv(table);
        assertParsableCsv(out.resolve("summary.csv"));
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("## " + suite), summary);
        assertTrue(summary.contains("Machine:"), summary);

        List<Path> charts;
        try (Stream<Path> s = Files.list(out)) {
            charts = s.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertFalse(charts.isEmpty(), "a chart");
        for (Path png : charts) {
            byte[] head = Files.readAllBytes(png);
            assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG: " + png);
            assertTrue(summary.contains("](" + png.getFileName() + ")"), "summary embeds " + png.getFileName());
        }

        assertNoRegionOfOursLeft();
        assertNoChildProcessLeft();
    }

    @Test
    @Timeout(120)
    void shouldTimeBothVectorWidthsWithTheSameCountsWhenAsked() throws IOException {
        // on a CPU without AVX-512 the suite skips this unless asked: the 512-bit path then runs in Java, slowly but exactly
        System.setProperty("shmc.bench.vectorWidths", "true");
        try {
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            int code = Main.execute(new String[] {"bench", "modes", "--tiny", "--workers", "1", "--out", out.toString()},
                    new PrintWriter(stdout, true), new PrintWriter(stderr, true));
            assertEquals(0, code, "exit code; stderr:\n" + stderr);
        } finally {
            System.clearProperty("shmc.bench.vectorWidths");
        }
        List<List<String>> rows = Csv.parse(Files.readString(out.resolve("vector-widths.csv")));
        assertEquals(3, rows.size(), "a header and a row per width: " + rows);
        assertEquals("256", rows.get(1).get(0));
        assertEquals("512", rows.get(2).get(0));
        assertEquals(rows.get(1).get(4), rows.get(2).get(4), "the same points inside at both widths");
        assertTrue(Files.readString(out.resolve("summary.md")).contains("Vector widths, one thread"));
        assertNoRegionOfOursLeft();
        assertNoChildProcessLeft();
    }

    private static void assertParsableCsv(Path file) throws IOException {
        List<List<String>> rows = Csv.parse(Files.readString(file));
        assertTrue(rows.size() >= 2, file + ": a header and at least one row");
        int width = rows.get(0).size();
        for (List<String> row : rows) {
            assertEquals(width, row.size(), file + ": row " + row);
        }
    }

    private static void assertNoRegionOfOursLeft() {
        long self = ProcessHandle.current().pid();
        List<Regions.RegionInfo> left = Regions.list(regions).regions().stream().filter(r -> r.creatorPid() == self).toList();
        assertTrue(left.isEmpty(), "regions left: " + left);
    }

    private static void assertNoChildProcessLeft() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() - deadline > 0) {
                fail("child processes left: " + ProcessHandle.current().descendants().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                        .toList());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
