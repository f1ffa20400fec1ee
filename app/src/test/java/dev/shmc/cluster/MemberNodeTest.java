package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.engine.results.UserKernels.ResidueSums;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One member in this JVM (a Hazelcast member over a threads engine), its pieces called directly:
 * a piece is a job of the local engine over its sub-range, a stopped job's later pieces do not
 * run, a piece that does not verify is refused with one line in the log and runs no job, and
 * answers are sealed to their request.
 */
@Timeout(120)
class MemberNodeTest {
    @TempDir
    static Path regions;

    private static final String CLUSTER = "node-test-" + ProcessHandle.current().pid();
    private static final ClusterKey KEY = ClusterKey.random();
    private static MemberNode node;
    private static final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startMember() throws Exception {
        Engine engine = Engine.builder().mode(Mode.THREADS).workers(1).directory(regions).build();
        int port = MemberProcesses.freePort();
        node = MemberNode.start(engine, CLUSTER, KEY, "127.0.0.1", port, List.of("127.0.0.1:" + port), log::add);
    }

    @AfterAll
    static void stopMember() {
        if (node != null) {
            node.close();
        }
    }

    /** Piece of job {@code job}: units [from, to) of its grid of 1-unit chunks. */
    private static PieceTask piece(String job, JobSpec spec, long from, long to) {
        return piece(job, spec, 1, from, to);
    }

    private static PieceTask piece(String job, JobSpec spec, long chunkSize, long from, long to) {
        PieceTask t = new PieceTask(job, 0, 1, spec, chunkSize, from, to);
        KEY.sign(CLUSTER, t);
        return t;
    }

    @Test
    void shouldRunAPieceAsAJobOfTheLocalEngineOverItsRangeAndAnswerEachChunk() {
        JobSpec spec = PiJobKernel.spec(64L * 65_536, 9, "scalar");
        long[] whole = new long[1];
        for (long[] range : new long[][] {{0, 10}, {10, 37}, {37, 64}}) {
            PieceResult r = node.runPiece(piece("job-a", spec, range[0], range[1]));
            assertEquals(PieceResult.Outcome.COMPLETED, r.outcome, r.error);
            assertEquals(range[1] - range[0], r.units);
            assertEquals(range[1] - range[0], r.chunks, "a result for each chunk (block) of the piece");
            assertEquals(r.chunks, r.includedChunks());
            for (long inside : r.words) {
                whole[0] += inside;
            }
        }
        try (Engine one = Engine.builder().mode(Mode.INLINE).directory(regions).build()) {
            assertArrayEquals(one.run(spec).words(), whole, "the chunks of three pieces add up to the whole job");
        }
        assertEquals(1, node.status().workers());
        assertTrue(node.status().runningJobs().isEmpty());
    }

    @Test
    void shouldSealAnAnswerToItsRequest() {
        PieceTask task = piece("job-d", PiJobKernel.spec(64L * 65_536, 9, "scalar"), 0, 4);
        PieceResult r = node.runPiece(task);
        assertTrue(KEY.verifies(CLUSTER, r), "sealed with the key");
        assertTrue(r.seal.sameNonce(task.seal), "bound to the request");
    }

    @Test
    void shouldRefuseAPieceThatDoesNotVerifyAndSubmitNoJob() {
        long done = node.status().piecesDone();
        PieceTask task = new PieceTask("job-e", 4, 1, PiJobKernel.spec(64L * 65_536, 9, "scalar"), 1, 0, 4); // not signed
        int before = log.size();
        SecurityException e = assertThrows(SecurityException.class, () -> node.runPiece(task));
        assertEquals("member " + node.address() + " refused a piece request that does not verify (no MAC)", e.getMessage());
        assertEquals(List.of("dropped a piece request that does not verify (no MAC); it says: piece 4 of job job-e"),
                log.subList(before, log.size()));
        assertEquals(done, node.status().piecesDone(), "no engine job");
    }

    @Test
    void shouldNotRunAPieceOfAJobStoppedBeforeItArrived() {
        node.stop("job-b");
        PieceResult r = node.runPiece(piece("job-b", PiJobKernel.spec(1L << 30, 9, "scalar"), 0, 1L << 14));
        assertEquals(PieceResult.Outcome.CANCELLED, r.outcome);
        assertEquals(0, r.chunks, "nothing computed");
        assertEquals(0, r.words.length);
    }

    @Test
    void shouldFailAPieceThatItsEngineWouldCutIntoOtherChunks() {
        // 100 chunks of a 100,000-word result are more than the result memory holds: the engine would widen them
        JobSpec spec = JobSpec.builder(ResidueSums.class).units(100).param("words", 100_000).build();
        PieceResult r = node.runPiece(piece("job-f", spec, 1, 0, 100));
        assertEquals(PieceResult.Outcome.FAILED, r.outcome);
        assertTrue(r.error.contains("not the job's 100") && r.error.contains(node.address()), r.error);
    }

    @Test
    void shouldReportAKernelThatCannotBeLoadedAsAFailedPiece() {
        JobSpec spec = JobSpec.builder("no.such.Kernel").units(0, 10).build();
        PieceResult r = node.runPiece(piece("job-c", spec, 0, 10));
        assertEquals(PieceResult.Outcome.FAILED, r.outcome);
        assertTrue(r.error.contains("no.such.Kernel") && r.error.contains(node.address()), r.error);
    }
}
