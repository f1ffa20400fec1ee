package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.cli.CliRunner.Run;
import dev.shmc.engine.TempStateDirectory;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.registry.ChronicleJobStore;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class JobsCommandTest extends TempStateDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobRecord job(String id, long started) {
        return new JobRecord(id, "pi", "dev.shmc.engine.jobs.PiJobKernel", "{samples=1000, kernel=scalar}", 5, 0, 16, 2, 8, 2,
                "processes", ChronicleJobStore.RUNNING, started, 0, 0, "");
    }

    @Test
    void shouldPrintTheJobsNewestFirstAsOneJsonObject() throws Exception {
        try (ChronicleJobStore store = new ChronicleJobStore(state, w -> fail(w))) {
            store.started(job("j-1", 1_000_000));
            store.finished("j-1", JobStatus.COMPLETED, 8, "[785]", 1_002_500);
            store.started(job("j-2", 2_000_000));
            store.chunkDone("j-2", 3, new long[] {99});
            store.finished("j-2", JobStatus.CANCELLED, 1, "[99]", 2_001_000);
        }
        Run r = run("jobs", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line: " + r.out());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(2, root.get("total").asInt());
        JsonNode jobs = root.get("jobs");
        assertEquals(2, jobs.size());
        assertEquals("j-2", jobs.get(0).get("id").asText(), "newest first");
        assertEquals("cancelled", jobs.get(0).get("status").asText());
        assertEquals(1, jobs.get(0).get("checkpoints").asInt());
        assertEquals("j-1", jobs.get(1).get("id").asText());
        assertEquals("completed", jobs.get(1).get("status").asText());
        assertEquals(2.5, jobs.get(1).get("seconds").asDouble(), 1e-9);
        assertEquals(8, jobs.get(1).get("chunksDone").asInt());
        assertEquals("[785]", jobs.get(1).get("result").asText());

        JsonNode limited = JSON.readTree(run("jobs", "--json", "--limit", "1").out());
        assertEquals(1, limited.get("jobs").size());
        assertEquals(2, limited.get("total").asInt());

        Run text = run("jobs");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("JOB "), text.out());
        assertTrue(text.out().indexOf("j-2") < text.out().indexOf("j-1"), text.out());

        JsonNode one = JSON.readTree(run("jobs", "show", "j-1", "--json").out());
        assertEquals("j-1", one.get("id").asText());
        assertEquals(run("jobs", "--id", "j-1", "--json").out(), run("jobs", "show", "j-1", "--json").out());
        Run shown = run("jobs", "show", "j-2");
        assertTrue(shown.out().contains("resumable: 1 of 8 chunks checkpointed"), shown.out());
    }

    @Test
    void shouldExitWithBadInputForAnUnknownJob() {
        try (ChronicleJobStore store = new ChronicleJobStore(state, w -> fail(w))) {
            store.started(job("j-1", 1));
        }
        for (String[] args : new String[][] {{"jobs", "show", "j-nope"}, {"jobs", "--id", "j-nope", "--json"},
                {"pi", "--samples", "1000", "--mode", "threads", "--workers", "1", "--resume", "j-nope"},
                {"primes", "--to", "1000", "--mode", "threads", "--workers", "1", "--resume", "j-nope"}}) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals("shmc: no job j-nope in the registry (see 'shmc jobs')", r.err().strip());
            assertEquals("", r.out());
        }
        assertEquals(2, run("jobs", "--limit", "0").code());
    }

    @Test
    void shouldListNothingAndCreateNothingWithoutARegistry() throws Exception {
        Run r = run("jobs", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, JSON.readTree(r.out()).get("jobs").size());
        assertEquals(2, run("jobs", "show", "j-1").code());
        assertEquals(0, run("jobs", "clear").code());
        try (var files = Files.list(state)) {
            assertEquals(0, files.count(), "reading an empty registry creates no files");
        }
    }

    @Test
    void shouldRecordACommandsJobAndRefuseToResumeItOnceCompleted() throws Exception {
        Run pi = run("pi", "--samples", "200000", "--seed", "3", "--mode", "threads", "--workers", "1", "--json");
        assertEquals(0, pi.code(), pi.err());
        String id = JSON.readTree(pi.out()).get("job").asText();

        JsonNode jobs = JSON.readTree(run("jobs", "--json").out()).get("jobs");
        assertEquals(1, jobs.size());
        assertEquals(id, jobs.get(0).get("id").asText());
        assertEquals("completed", jobs.get(0).get("status").asText());
        assertEquals("pi", jobs.get(0).get("label").asText());
        assertEquals(3, jobs.get(0).get("seed").asLong());

        Run again = run("pi", "--samples", "200000", "--seed", "3", "--mode", "threads", "--workers", "1", "--resume", id);
        assertEquals(2, again.code(), again.err());
        assertEquals("shmc: job " + id + " already ended completed; there is nothing to resume", again.err().strip());

        Run other = run("pi", "--samples", "200000", "--seed", "4", "--mode", "threads", "--workers", "1", "--resume", id);
        assertEquals(2, other.code(), other.err());

        Run cleared = run("jobs", "clear", "--json");
        assertEquals(0, cleared.code(), cleared.err());
        assertEquals(1, JSON.readTree(cleared.out()).get("removedJobs").asInt());
        assertEquals(0, JSON.readTree(run("jobs", "--json").out()).get("total").asInt());
    }
}
