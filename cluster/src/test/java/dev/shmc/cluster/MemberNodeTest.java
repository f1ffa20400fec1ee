package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.Engine;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.kernels.PiJobKernel;
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
 * run, and a closing member answers LEAVING so that the submitter re-runs the piece elsewhere.
 */
@Timeout(120)
class MemberNodeTest {
    @TempDir
    static Path regions;

    private static MemberNode node;

    @BeforeAll
    static void startMember() throws Exception {
        Engine engine = Engine.builder().mode(Mode.THREADS).workers(1).directory(regions).build();
        int port = MemberProcesses.freePort();
        node = MemberNode.start(engine, "node-test-" + ProcessHandle.current().pid(), "127.0.0.1", port, List.of("127.0.0.1:" + port));
    }

    @AfterAll
    static void stopMember() {
        if (node != null) {
            node.close();
        }
    }

    private static PieceTask piece(String job, JobSpec spec, long from, long to) {
        return new PieceTask(job, 0, 1, spec, from, to);
    }

    @Test
    void shouldRunAPieceAsAJobOfTheLocalEngineOverItsRange() {
        JobSpec spec = PiJobKernel.spec(64L * 65_536, 9, "scalar");
        long[] whole = new long[1];
        for (long[] range : new long[][] {{0, 10}, {10, 37}, {37, 64}}) {
            PieceResult r = node.runPiece(piece("job-a", spec, range[0], range[1]));
            assertEquals(PieceResult.Outcome.COMPLETED, r.outcome, r.error);
            assertEquals(range[1] - range[0], r.units);
            whole[0] += r.words[0];
        }
        try (Engine one = Engine.builder().mode(Mode.INLINE).directory(regions).build()) {
            assertArrayEquals(one.run(spec).words(), whole, "three pieces add up to the whole job");
        }
        assertEquals(1, node.status().workers());
        assertTrue(node.status().runningJobs().isEmpty());
    }

    @Test
    void shouldNotRunAPieceOfAJobStoppedBeforeItArrived() {
        node.stop("job-b");
        PieceResult r = node.runPiece(piece("job-b", PiJobKernel.spec(1L << 30, 9, "scalar"), 0, 1L << 14));
        assertEquals(PieceResult.Outcome.CANCELLED, r.outcome);
        assertEquals(0, r.words.length, "nothing computed");
    }

    @Test
    void shouldReportAKernelThatCannotBeLoadedAsAFailedPiece() {
        JobSpec spec = JobSpec.builder("no.such.Kernel").units(0, 10).build();
        PieceResult r = node.runPiece(piece("job-c", spec, 0, 10));
        assertEquals(PieceResult.Outcome.FAILED, r.outcome);
        assertTrue(r.error.contains("no.such.Kernel") && r.error.contains(node.address()), r.error);
    }
}
