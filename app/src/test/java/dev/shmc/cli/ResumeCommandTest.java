package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.cli.CliRunner.Run;
import dev.shmc.engine.TempStateDirectory;
import dev.shmc.engine.TestKernels.SumKernel;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.registry.ChronicleJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code shmc resume JOB}: any recorded job whose kernel is on the classpath, from its checkpoints. */
@Timeout(120)
class ResumeCommandTest extends TempStateDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobRecord cancelledSumJob(String id, String kernel) {
        return new JobRecord(id, "sum", kernel, "{}", 0, 0, 1000, 100, 10, 1, "threads", ChronicleJobStore.RUNNING, 1_000, 0, 0, "");
    }

    @Test
    void shouldResumeAJobOfAnyKernelTakingItsCheckpointedChunks() throws Exception {
        try (ChronicleJobStore store = new ChronicleJobStore(state, w -> fail(w))) {
            store.started(cancelledSumJob("j-sum", SumKernel.class.getName()));
            store.chunkDone("j-sum", 3, new long[] {7, 100}); // a made-up checkpoint: the resumed run must take it, not compute chunk 3
            store.finished("j-sum", JobStatus.CANCELLED, 1, "[7, 100]", 2_000);
        }
        Run r = run("resume", "j-sum", "--mode", "threads", "--workers", "2", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("j-sum", j.get("job").asText());
        assertEquals("completed", j.get("status").asText());
        assertEquals(1, j.get("chunksSkipped").asInt());
        assertEquals(10, j.get("chunks").asInt());
        long expected = SumKernel.expected(0, 1000) - SumKernel.expected(300, 400) + 7;
        assertEquals(expected, j.get("words").get(0).asLong());
        assertEquals(1000, j.get("words").get(1).asLong());
        assertEquals("L2", j.get("layout").asText());

        Run again = run("resume", "j-sum", "--mode", "threads");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("already ended completed"), again.err());
    }

    @Test
    void shouldRefuseAJobWhoseKernelIsNotOnTheClasspathInOneLine() throws Exception {
        try (ChronicleJobStore store = new ChronicleJobStore(state, w -> fail(w))) {
            store.started(cancelledSumJob("j-mine", "com.example.MyKernel"));
            store.finished("j-mine", JobStatus.CANCELLED, 0, "[0, 0]", 2_000);
        }
        Run r = run("resume", "j-mine", "--mode", "threads");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cannot resume job j-mine here: kernel class not found: com.example.MyKernel"), r.err());
        assertTrue(r.err().contains("Engine.resume(\"j-mine\")"), r.err());
        assertEquals(2, run("resume", "j-nope").code());
        assertEquals(2, run("resume").code(), "the job id is required");
    }
}
