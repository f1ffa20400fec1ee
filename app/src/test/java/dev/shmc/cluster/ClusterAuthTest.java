package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.topic.ITopic;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.shm.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * One member as a separate JVM on loopback, and in this JVM the attacker: a plain Hazelcast
 * client that knows the Hazelcast cluster name (as one who sniffed the network would) but not the
 * key, and later a Hazelcast member of its own that joins the cluster. What it sends must be
 * dropped before anything runs: the member's test kernels and tasks leave a marker file whenever
 * they are built, and none may appear. A signed piece of the same kernel leaves one (so the
 * markers do work). Submitters without the key cannot connect at all.
 */
@Tag("slow")
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAuthTest {
    private static MemberProcesses members;
    private static ShmcCluster cluster;
    private static HazelcastInstance attacker;
    private static HazelcastInstance rogueMember;
    private static final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startMemberAndClients() throws Exception {
        members = MemberProcesses.start(1, Duration.ofSeconds(120));
        cluster = ShmcCluster.connect(members.cluster, members.memberList(), members.key, events::add);
        attacker = plainClient(members.hazelcastClusterName(), 10_000);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            for (HazelcastInstance h : new HazelcastInstance[] {attacker, rogueMember}) {
                if (h != null) {
                    h.shutdown();
                }
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (members != null) {
                members.close();
                try {
                    assertEquals(List.of(), members.alive(), "member or worker processes left");
                    assertEquals(List.of(), members.regionsLeft(), "region files left in " + members.regionDir);
                    assertEquals("", members.noise("shmc member: dropped "), "the member printed more than its ready line and drops");
                } finally {
                    members.removeDirectory();
                }
            }
        }
    }

    @BeforeEach
    void clearMarkers() throws IOException {
        try (Stream<Path> files = Files.list(members.markers())) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    /** A plain Hazelcast client of the Hazelcast cluster {@code name}, knowing our message classes but not the key. */
    private static HazelcastInstance plainClient(String name, long connectTimeoutMs) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(name);
        c.setInstanceName("attacker-" + System.nanoTime());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.getMetricsConfig().setEnabled(false);
        c.getNetworkConfig().setAddresses(members.memberList());
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectTimeoutMs);
        c.getSerializationConfig().addDataSerializableFactory(Wire.FACTORY_ID, new Wire());
        return HazelcastClient.newHazelcastClient(c);
    }

    private static Member theMember(HazelcastInstance client) {
        return client.getCluster().getMembers().iterator().next();
    }

    private static <T> Future<T> sendAsAttacker(Callable<T> task) {
        IExecutorService executor = attacker.getExecutorService(ClusterConfig.EXECUTOR);
        return executor.submitToMember(task, theMember(attacker));
    }

    private static PieceTask markerPiece() {
        return new PieceTask("c-attack-" + System.nanoTime(), 0, 1, JobSpec.builder(MarkerKernel.class).units(0, 16).build(), 4, 0, 16);
    }

    /** Sends {@code task} as the attacker; it must be refused, with one line in the member's log saying why; nothing may be built. */
    private static void assertDropped(Callable<?> task, String logged, String why) throws Exception {
        int before = members.linesOf(0, logged).size();
        Future<?> f = sendAsAttacker(task);
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        assertTrue(Members.message(e).contains("does not verify (" + why), Members.message(e));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Await.awaitUntil(() -> members.linesOf(0, logged).size() > before, end, () -> "no line in the member's log");
        List<String> lines = members.linesOf(0, logged);
        assertEquals(before + 1, lines.size(), () -> "one line: " + lines);
        String line = lines.get(lines.size() - 1);
        assertTrue(line.startsWith("shmc member: " + logged + " that does not verify (" + why), line);
        if (task instanceof PieceTask p) {
            assertTrue(line.endsWith("; it says: piece 0 of job " + p.jobId), "says what it claims to be: " + line);
        }
        assertEquals(List.of(), members.markersLeft(), "something was built for a dropped request");
    }

    @Test
    @Order(1)
    void shouldRunASignedPieceOfTheMarkerKernelAndSealItsAnswer() throws Exception {
        PieceTask task = markerPiece();
        members.key.sign(members.cluster, task);
        PieceResult r = sendAsAttacker(task).get(60, TimeUnit.SECONDS);
        assertEquals(PieceResult.Outcome.COMPLETED, r.outcome, r.error);
        assertTrue(r.seal.sameNonce(task.seal), "the answer carries the request's nonce");
        assertTrue(members.key.verifies(members.cluster, r), "the answer is sealed with the key");
        assertFalse(members.markersLeft().isEmpty(), "the marker kernel leaves its mark when a member builds it");
    }

    @Test
    @Order(2)
    void shouldRefuseClientsWithoutTheKeyAtTheConnection() {
        // what a client knows without the key is the user's name of the cluster
        assertThrows(IllegalStateException.class, () -> plainClient(members.cluster, 3_000).shutdown());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShmcCluster.connect(members.cluster, members.memberList(), ClusterKey.random(), null).close());
        assertTrue(e.getMessage().contains("cannot reach cluster '" + members.cluster + "'") && e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    @Order(3)
    void shouldDropAPieceWithoutAMacAndBuildNoKernel() throws Exception {
        assertDropped(markerPiece(), "dropped a piece request", "no MAC");
    }

    @Test
    @Order(4)
    void shouldDropAPieceSignedWithAnotherKey() throws Exception {
        PieceTask task = markerPiece();
        ClusterKey.random().sign(members.cluster, task);
        assertDropped(task, "dropped a piece request", "bad MAC");
    }

    @Test
    @Order(5)
    void shouldDropAPieceChangedAfterItWasSigned() throws Exception {
        PieceTask task = new PieceTask("c-tamper", 0, 1, PiJobKernel.spec(1L << 20, 5, "scalar"), 4, 0, 16);
        members.key.sign(members.cluster, task);
        task.kernelClass = MarkerKernel.class.getName(); // on the way
        assertDropped(task, "dropped a piece request", "bad MAC");
    }

    @Test
    @Order(6)
    void shouldDropAReplayedPiece() throws Exception {
        PieceTask task = markerPiece();
        members.key.sign(members.cluster, task);
        assertEquals(PieceResult.Outcome.COMPLETED, sendAsAttacker(task).get(60, TimeUnit.SECONDS).outcome);
        assertFalse(members.markersLeft().isEmpty());
        clearMarkers();
        assertDropped(task, "dropped a piece request", "replayed");
    }

    @Test
    @Order(7)
    void shouldDropAPieceWhoseTimestampIsOutsideTheWindow() throws Exception {
        for (long off : new long[] {-ClusterConfig.REQUEST_WINDOW_MS - 60_000, ClusterConfig.REQUEST_WINDOW_MS + 60_000}) {
            PieceTask task = markerPiece();
            task.seal = new Seal(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong(),
                    System.currentTimeMillis() + off);
            members.key.sign(members.cluster, task);
            assertDropped(task, "dropped a piece request", "timestamp");
        }
    }

    @Test
    @Order(8)
    void shouldDropAStatusRequestWithoutAValidMac() throws Exception {
        assertDropped(StatusTask.create(), "dropped a status request", "no MAC");
        StatusTask wrong = StatusTask.create();
        ClusterKey.random().sign(members.cluster, wrong);
        assertDropped(wrong, "dropped a status request", "bad MAC");
    }

    @Test
    @Order(9)
    void shouldRefuseAJavaSerializedCallableBeforeItIsBuilt() throws Exception {
        Future<String> f = sendAsAttacker(new MarkerCallable());
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        assertTrue(Members.message(e).contains(MarkerCallable.class.getName()), Members.message(e));
        assertEquals(List.of(), members.markersLeft(), "the callable was deserialized or run");
    }

    @Test
    @Order(10)
    void shouldRefuseACallableThatHazelcastWouldBuildByReflection() throws Exception {
        Future<String> f = sendAsAttacker(new MarkerCompactCallable());
        assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        assertEquals(List.of(), members.markersLeft(), "the callable was built or run");
    }

    @Test
    @Order(11)
    void shouldIgnoreStopsThatDoNotVerify() throws Exception {
        JobHandle job = cluster.submit(PiJobKernel.spec(1_000_000_000_000L, 7, "vector")); // hours of work
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Await.awaitUntil(() -> cluster.status().stream().anyMatch(m -> m.runningJobs().containsKey(job.id())), end,
                    () -> "the job never ran on the member");
            int before = members.linesOf(0, "dropped a stop").size();
            ITopic<Object> topic = attacker.getTopic(ClusterConfig.STOP_TOPIC);
            topic.publish(job.id()); // a bare job id: the stop as it was before stops were sealed
            topic.publish(new StopMessage(job.id()));
            StopMessage otherKey = new StopMessage(job.id());
            ClusterKey.random().sign(members.cluster, otherKey);
            topic.publish(otherKey);
            StopMessage stale = new StopMessage(job.id());
            stale.seal = new Seal(1, 2, System.currentTimeMillis() - 10 * ClusterConfig.REQUEST_WINDOW_MS);
            members.key.sign(members.cluster, stale);
            topic.publish(stale);
            long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Await.awaitUntil(() -> members.linesOf(0, "dropped a stop").size() >= before + 4, seen,
                    () -> "the member did not log four dropped stops: " + members.linesOf(0, "dropped a stop"));
            List<String> lines = members.linesOf(0, "dropped a stop");
            assertEquals(before + 4, lines.size(), lines::toString);
            assertTrue(lines.get(lines.size() - 1).contains("(timestamp"), lines::toString);
            assertTrue(lines.stream().skip(before).allMatch(l -> l.contains("published through member " + members.address(0))), lines::toString);
            // every stop has been handled (and dropped): the job must still run
            assertFalse(job.future().isDone(), () -> "the job ended: " + job.future().getNow(null));
            assertTrue(cluster.status().stream().anyMatch(m -> m.runningJobs().containsKey(job.id())), "the member stopped the job");
        } finally {
            job.cancel(); // a sealed stop: this one works
        }
        assertEquals(JobStatus.CANCELLED, job.await(Duration.ofSeconds(60)).status());
    }

    @Test
    @Order(99) // last: the rogue member stays in the cluster
    void shouldNeitherCombineNorListAnswersOfAMemberWithoutTheKey() throws Exception {
        rogueMember = Hazelcast.newHazelcastInstance(rogueConfig());
        String rogue = Members.address(rogueMember.getCluster().getLocalMember());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Await.awaitUntil(() -> cluster.memberAddresses().contains(rogue), end, () -> "the rogue member did not join: " + cluster.memberAddresses());
        events.clear();

        JobSpec spec = PiJobKernel.spec(50_000_000L, 11, "vector");
        JobResult r = cluster.submit(spec).await(Duration.ofMinutes(3));
        assertEquals(JobStatus.COMPLETED, r.status());
        long[] reference;
        try (Engine e = Engine.builder().mode(Mode.THREADS).workers(2).directory(members.regionDir).build()) {
            reference = e.run(spec).words();
        }
        assertArrayEquals(reference, r.words(), "the forged answers were combined");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("dropped the answer of member " + rogue) && e.contains("does not verify")),
                events::toString);

        events.clear();
        List<String> listed = cluster.status().stream().map(MemberStatus::address).toList();
        assertEquals(members.memberList(), listed, "only members with the key are listed");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("dropped the status answer of member " + rogue)), events::toString);
    }

    /** A Hazelcast member with the cluster's Hazelcast name but not the key: it answers every piece with forged words. */
    private static Config rogueConfig() throws IOException {
        Config c = new Config();
        c.setClusterName(members.hazelcastClusterName());
        c.setInstanceName("rogue-" + System.nanoTime());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.getJetConfig().setEnabled(false);
        c.getMetricsConfig().setEnabled(false);
        c.getNetworkConfig().setPort(MemberProcesses.freePort()).setPortAutoIncrement(false).getInterfaces().setEnabled(true)
                .addInterface("127.0.0.1");
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members.memberList());
        c.getSerializationConfig().addDataSerializableFactory(Wire.FACTORY_ID, new RogueWire());
        return c;
    }

    /** Builds our message classes, but pieces and status calls as rogue tasks. */
    private static final class RogueWire implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int typeId) {
            return switch (typeId) {
                case Wire.PIECE_TASK -> new RoguePiece();
                case Wire.STATUS_TASK -> new RogueStatus();
                default -> new Wire().create(typeId);
            };
        }
    }

    private static byte[] forgedMac() {
        byte[] mac = new byte[32];
        ThreadLocalRandom.current().nextBytes(mac);
        return mac;
    }

    /** Reads a piece, answers it with 42 points inside for every piece, under a MAC it cannot make. */
    private static final class RoguePiece implements Callable<PieceResult>, IdentifiedDataSerializable {
        private final PieceTask piece = new PieceTask();

        @Override
        public PieceResult call() {
            PieceResult r = new PieceResult(piece, PieceResult.Outcome.COMPLETED, 1, 1, new long[] {1}, new long[] {42}, 0.001, null);
            r.seal.mac = forgedMac();
            return r;
        }

        @Override
        public int getFactoryId() {
            return Wire.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return Wire.PIECE_TASK;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            piece.writeData(out);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            piece.readData(in);
        }
    }

    /** Answers a status call as a member with many workers, under a MAC it cannot make. */
    private static final class RogueStatus implements Callable<StatusAnswer>, IdentifiedDataSerializable {
        private final StatusTask request = new StatusTask();

        @Override
        public StatusAnswer call() {
            StatusAnswer a = new StatusAnswer(request, new MemberStatus("127.0.0.1:1", 1, 1000, "processes", 0, 0, java.util.Map.of()));
            a.seal.mac = forgedMac();
            return a;
        }

        @Override
        public int getFactoryId() {
            return Wire.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return Wire.STATUS_TASK;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            request.writeData(out);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            request.readData(in);
        }
    }
}
