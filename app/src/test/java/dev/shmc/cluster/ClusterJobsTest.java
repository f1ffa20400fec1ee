package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.cli.Main;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.engine.jobs.PrimeCountKernel;
import dev.shmc.engine.jobs.TrialDivisionKernel;
import dev.shmc.shm.support.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three members as separate JVMs on loopback (one worker JVM each), and this JVM as the
 * submitter. Seeded pi and primes on a range give exactly the single-host results; an answer found
 * on one member and a cancel on the submitter stop every member; a member killed mid-job costs
 * only its pieces, re-run on the other two, and the result stays exact. Afterwards no member or
 * worker process and no region file is left. Never asserts a speed, only deadlines that a
 * working stop meets with a wide margin.
 */
@Tag("slow")
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJobsTest {
    private static final long PI_SAMPLES = 1_200_000_000L;
    private static final long SEED = 20_261_122L;

    private static MemberProcesses members;
    private static ShmcCluster cluster;
    private static final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private static long[] piReference;

    @BeforeAll
    static void startMembers() throws Exception {
        members = MemberProcesses.start(3, Duration.ofSeconds(120));
        cluster = ShmcCluster.connect(members.cluster, members.memberList(), members.key, events::add);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Await.awaitUntil(() -> cluster.memberAddresses().size() == 3, end, () -> "the client sees " + cluster.memberAddresses());
    }

    @AfterAll
    static void stopMembersAndCheckNothingIsLeft() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (members != null) {
                members.close();
                try {
                    assertEquals(List.of(), members.alive(), "member or worker processes left");
                    assertEquals(List.of(), members.regionsLeft(), "region files left in " + members.regionDir);
                    assertEquals("", members.noise(), "members printed more than their ready lines");
                } finally {
                    members.removeDirectory();
                }
            }
        }
    }

    /** The single-host result of {@code spec}: 2 threads in this JVM over the same kernels. */
    private static long[] singleHost(JobSpec spec) {
        try (Engine e = Engine.builder().mode(Mode.THREADS).workers(2).directory(members.regionDir).build()) {
            JobResult r = e.run(spec);
            assertEquals(JobStatus.COMPLETED, r.status());
            return r.words();
        }
    }

    private static JobSpec piSpec() {
        return PiJobKernel.spec(PI_SAMPLES, SEED, "vector");
    }

    private static long[] piReference() {
        if (piReference == null) {
            piReference = singleHost(piSpec());
        }
        return piReference;
    }

    @Test
    @Order(1)
    void shouldCountExactlyTheSingleHostPiInsideForASeed() throws Exception {
        JobResult r = cluster.submit(piSpec()).await(Duration.ofMinutes(3));
        assertEquals(JobStatus.COMPLETED, r.status());
        assertArrayEquals(piReference(), r.words(), "points inside on 3 members vs one host");
        assertEquals(3, cluster.report(r.jobId()).get("members"));
        assertEquals(List.of(), cluster.report(r.jobId()).get("lostMembers"));
    }

    @Test
    @Order(2)
    void shouldCountExactlyTheSingleHostPrimesOnARange() throws Exception {
        // an odd range and chunk size: pieces are whole chunks, every boundary lands mid-segment
        JobSpec spec = JobSpec.builder(PrimeCountKernel.class).units(1_000_000_007L, 1_300_000_001L).chunkSize(3_000_017L)
                .param("to", 1_300_000_000L).label("primes").build();
        JobResult r = cluster.submit(spec).await(Duration.ofMinutes(3));
        assertEquals(JobStatus.COMPLETED, r.status());
        assertArrayEquals(singleHost(spec), r.words(), "count, sum (low, high), max on 3 members vs one host");
    }

    @Test
    @Order(3)
    void shouldStopEveryMemberWhenOneFindsAFactor() throws Exception {
        long p = BigInteger.valueOf(100_000_000L).nextProbablePrime().longValueExact();
        long q = BigInteger.valueOf(10_000_000_000L).nextProbablePrime().longValueExact();
        JobResult r = cluster.submit(TrialDivisionKernel.spec(p * q, 0)).await(Duration.ofMinutes(3));
        assertEquals(JobStatus.FOUND, r.status());
        assertEquals(p, r.word(0), "the smallest factor");
        assertTrue(r.chunksDone() <= r.chunks(), r.toString());
        assertNoMemberRunsAPiece();
    }

    @Test
    @Order(4)
    void shouldStopWorkOnEveryMemberWithinASecondOfACancel() throws Exception {
        JobHandle job = cluster.submit(PiJobKernel.spec(1_000_000_000_000L, SEED, "vector")); // hours of work
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Await.awaitUntil(() -> cluster.status().stream().allMatch(m -> m.runningJobs().containsKey(job.id())), end,
                () -> "not every member got a piece: " + describe(cluster.status()));
        long t0 = System.nanoTime();
        job.cancel();
        // the job completes when every piece has answered, i.e. every member's engine has stopped it
        JobResult r = job.await(Duration.ofSeconds(1));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(JobStatus.CANCELLED, r.status(), r.toString());
        assertTrue(seconds < 1.0, "stopped after " + seconds + " s");
        assertNoMemberRunsAPiece();
    }

    @Test
    @Order(5)
    void shouldRunPiThroughTheCliAndListTheMembers() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"pi", "--samples", "3e8", "--seed", "42", "--cluster", members.cluster, "--members",
                members.address(1), "--key", members.keyFile.toString(), "--json"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString());
        JsonNode pi = new ObjectMapper().readTree(out.toString());
        assertEquals(singleHost(PiJobKernel.spec(300_000_000L, 42, "vector"))[0], pi.get("inside").asLong());
        assertEquals(members.cluster, pi.get("cluster").asText());
        assertEquals(3, pi.get("members").asInt());
        assertEquals(3, pi.get("workers").asInt());
        assertTrue(pi.get("lostMembers").isArray() && pi.get("lostMembers").isEmpty(), out.toString());

        out.getBuffer().setLength(0);
        code = Main.execute(new String[] {"cluster", "status", "--cluster", members.cluster, "--members", members.members(), "--key",
                members.keyFile.toString(), "--json"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        JsonNode status = new ObjectMapper().readTree(out.toString());
        List<String> addresses = new ArrayList<>();
        status.get("members").forEach(m -> {
            addresses.add(m.get("address").asText());
            assertEquals(1, m.get("workers").asInt());
            assertEquals("processes", m.get("mode").asText());
        });
        assertEquals(members.memberList().stream().sorted().toList(), addresses.stream().sorted().toList());
    }

    @Test
    @Order(98) // it leaves two members

    void shouldRerunTheKilledMembersPiecesOnTheOthersAndStayExact() throws Exception {
        long[] reference = piReference();
        int victim = 2;
        String victimAddress = members.address(victim);
        List<ProcessHandle> victimWorkers = members.workersOf(victim);
        assertFalse(victimWorkers.isEmpty(), "the member's worker JVM");
        events.clear();
        JobHandle job = cluster.submit(piSpec());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Await.awaitUntil(() -> job.future().isDone() || cluster.status().stream()
                .anyMatch(m -> m.address().equals(victimAddress) && m.runningJobs().containsKey(job.id())), end,
                () -> "the victim never ran a piece");
        assertFalse(job.future().isDone(), "the job finished before a member could be killed: make it longer");
        members.kill(victim); // SIGKILL, mid-job

        JobResult r = job.await(Duration.ofMinutes(3));
        assertEquals(JobStatus.COMPLETED, r.status());
        assertArrayEquals(reference, r.words(), "points inside with a member killed mid-job vs one host");
        assertEquals(List.of(victimAddress), cluster.report(r.jobId()).get("lostMembers"));
        assertTrue(((Number) cluster.report(r.jobId()).get("requeuedPieces")).intValue() >= 1, cluster.report(r.jobId()).toString());
        assertTrue(events.stream().anyMatch(e -> e.contains("member " + victimAddress + " left")), events.toString());

        // its worker JVM notices the dead member and exits by itself
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Await.awaitUntil(() -> victimWorkers.stream().noneMatch(ProcessHandle::isAlive), gone, () -> "worker of the killed member still alive");
    }

    @Test
    @Order(99) // last: it leaves one member
    void shouldRerunThePiecesOfAMemberThatLeavesOnSigterm() throws Exception {
        long[] reference = piReference();
        int leaver = 1;
        String address = members.address(leaver);
        List<ProcessHandle> workers = members.workersOf(leaver);
        JobHandle job = cluster.submit(piSpec());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Await.awaitUntil(() -> job.future().isDone() || cluster.status().stream()
                .anyMatch(m -> m.address().equals(address) && m.runningJobs().containsKey(job.id())), end, () -> "the member never ran a piece");
        assertFalse(job.future().isDone(), "the job finished before the member could leave: make it longer");
        int exit = members.terminate(leaver); // SIGTERM: its shutdown hook leaves the cluster and closes its engine
        assertNotEquals(-1, exit, "the member did not exit within 30 s of SIGTERM");

        JobResult r = job.await(Duration.ofMinutes(3));
        assertEquals(JobStatus.COMPLETED, r.status());
        assertArrayEquals(reference, r.words(), "points inside with a member leaving mid-job vs one host");
        assertTrue(workers.stream().noneMatch(ProcessHandle::isAlive), "the member's workers stop with it");
        List<java.nio.file.Path> left = members.regionsLeft();
        String tag = "-" + members.processes.get(leaver).pid() + "-";
        assertTrue(left.stream().noneMatch(p -> p.getFileName().toString().contains(tag)), () -> "its control region is removed: " + left);
    }

    private static void assertNoMemberRunsAPiece() {
        List<MemberStatus> status = cluster.status();
        assertTrue(status.stream().allMatch(m -> m.runningJobs().isEmpty()), () -> describe(status));
    }

    private static String describe(List<MemberStatus> status) {
        return Arrays.toString(status.stream().map(m -> m.address() + " " + m.runningJobs()).toArray());
    }
}
