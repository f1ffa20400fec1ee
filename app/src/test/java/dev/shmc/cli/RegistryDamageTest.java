package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shmc.cli.CliRunner.Run;
import dev.shmc.engine.TempStateDirectory;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.registry.ChronicleJobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A damaged job registry file costs a command one warning line, not its job: the file is moved
 * aside unchanged, a new registry is started, and the job is recorded in it.
 */
@Timeout(180) // a hang guard: today's code waits 61 s for a garbled header to become "ready"
class RegistryDamageTest extends TempStateDirectory {
    private static final String[] PI = {"pi", "--samples", "200000", "--seed", "3", "--mode", "threads", "--workers", "1", "--json"};


    /** Ways a registry file gets damaged. */
    enum Damage {
        TRUNCATED, ZERO_LENGTH, GARBLED_HEADER, GARBLED_DATA_PAGES, ANOTHER_FORMAT;

        /** Damages {@code file} (which holds records); returns its bytes after. */
        byte[] apply(Path file) throws IOException {
            Random random = new Random(ordinal() + 11);
            byte[] bytes = Files.readAllBytes(file);
            switch (this) {
                case TRUNCATED -> bytes = Arrays.copyOf(bytes, bytes.length / 2);
                case ZERO_LENGTH -> bytes = new byte[0];
                case GARBLED_HEADER -> {
                    overwrite(bytes, 0, 512, random);
                    bytes[11] |= (byte) 0x80; // the size word's "not complete" bit: Chronicle alone waits a minute for it
                }
                case GARBLED_DATA_PAGES -> overwrite(bytes, Math.max(0, firstRecord(bytes) - 1024), 4096, random);
                case ANOTHER_FORMAT -> bytes = "{\"not\": \"a Chronicle Map\"}\n".repeat(100).getBytes(StandardCharsets.UTF_8);
            }
            Files.write(file, bytes);
            return bytes;
        }

        private static void overwrite(byte[] bytes, int from, int length, Random random) {
            byte[] noise = new byte[length];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, bytes, from, length);
        }

        /** Where the first job record's text is (format 1 records start with {"v":1). */
        private static int firstRecord(byte[] bytes) {
            byte[] marker = "\"v\":1".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + marker.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                    return i;
                }
            }
            throw new AssertionError("no record in the file");
        }
    }

    /** A registry with a few jobs, one of them resumable (with checkpoints). */
    private void recordSomeJobs() {
        try (ChronicleJobStore store = new ChronicleJobStore(state, w -> fail(w))) {
            for (int i = 1; i <= 5; i++) {
                String id = "j-" + i;
                store.started(new JobRecord(id, "pi", "dev.shmc.engine.jobs.PiJobKernel", "{samples=1000, kernel=scalar}", i, 0, 16,
                        2, 8, 2, "processes", ChronicleJobStore.RUNNING, i * 1000L, 0, 0, ""));
                store.chunkDone(id, 3, new long[] {99, i});
                store.finished(id, i == 5 ? JobStatus.CANCELLED : JobStatus.COMPLETED, 8, "[785]", i * 1000L + 500);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldMoveADamagedRegistryAsideWarnOnceAndRecordTheJobInANewOne(Damage damage) throws Exception {
        recordSomeJobs();
        byte[] damaged = damage.apply(state.resolve(ChronicleJobStore.JOBS_FILE));

        String[] stderr = new String[1];
        Run pi = withSystemErr(stderr, () -> run(PI));
        assertEquals(0, pi.code(), pi.err() + stderr[0]);
        String warnings = stderr[0] + pi.err();
        assertEquals(1, warnings.lines().count(), "one warning line: " + warnings);
        assertTrue(warnings.startsWith("shmc: warning: the job registry jobs.v1.cmap was damaged ("), warnings);
        assertTrue(warnings.strip().endsWith("and started a new one"), warnings);

        Path moved = onlyDamagedFile(ChronicleJobStore.JOBS_FILE);
        assertTrue(warnings.contains(moved.toString()), "the warning names where it went: " + warnings);
        assertArrayEquals(damaged, Files.readAllBytes(moved), "moved aside with its bytes unchanged");
        onlyDamagedFile(ChronicleJobStore.CHECKPOINTS_FILE); // its checkpoints went with it

        String id = pi.json().get("job").asText();
        Run jobs = run("jobs", "--json");
        assertEquals(0, jobs.code(), jobs.err());
        assertEquals("", jobs.err(), "the new registry is whole");
        JsonNode listed = jobs.json().get("jobs");
        assertEquals(1, listed.size(), jobs.out());
        assertEquals(id, listed.get(0).get("id").asText());
        assertEquals("completed", listed.get(0).get("status").asText());
    }

    @Test
    void shouldListTheNewRegistryWhenJobsFindsItDamaged() throws Exception {
        recordSomeJobs();
        byte[] damaged = Damage.GARBLED_DATA_PAGES.apply(state.resolve(ChronicleJobStore.JOBS_FILE));

        Run jobs = run("jobs", "--json");
        assertEquals(0, jobs.code(), jobs.err());
        assertEquals(1, jobs.err().lines().count(), jobs.err());
        assertTrue(jobs.err().startsWith("shmc: warning: the job registry jobs.v1.cmap was damaged ("), jobs.err());
        assertEquals(0, jobs.json().get("total").asInt(), jobs.out());
        assertArrayEquals(damaged, Files.readAllBytes(onlyDamagedFile(ChronicleJobStore.JOBS_FILE)));

        Run again = run("jobs");
        assertEquals(0, again.code(), again.err());
        assertEquals("", again.err(), "warned once: the damaged file is gone from the registry's way");
    }

    @Test
    void shouldSayInOneLineThatAResumedJobIsGoneWithADamagedRegistry() throws Exception {
        recordSomeJobs();
        Damage.GARBLED_HEADER.apply(state.resolve(ChronicleJobStore.JOBS_FILE));

        String[] stderr = new String[1];
        Run resumed = withSystemErr(stderr, () -> run("pi", "--samples", "1000", "--mode", "threads", "--workers", "1", "--resume", "j-5"));
        assertEquals(2, resumed.code(), resumed.err() + stderr[0]);
        assertEquals("", stderr[0]);
        assertEquals("", resumed.out());
        String line = resumed.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("shmc: no job j-5 in the registry: the job registry jobs.v1.cmap was damaged ("), line);
        assertTrue(line.contains(onlyDamagedFile(ChronicleJobStore.JOBS_FILE).toString()), line);
    }

    private Path onlyDamagedFile(String name) throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            List<Path> moved = files.filter(f -> f.getFileName().toString().startsWith(name + ".damaged-")).toList();
            assertEquals(1, moved.size(), "moved aside: " + moved);
            return moved.get(0);
        }
    }

    /** Runs {@code body} with System.err captured into {@code captured[0]}: the registry's background thread warns there. */
    private static Run withSystemErr(String[] captured, Supplier<Run> body) {
        PrintStream old = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            return body.get();
        } finally {
            System.setErr(old);
            captured[0] = buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
