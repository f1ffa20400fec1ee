package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.results.UserKernels.Moments;
import dev.shmc.shm.support.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's floating-point reduction on a cluster, without a chunk size: Chan/Welford moments,
 * whose combine is not exactly associative, give the same bits on 1, 2 and 3 members (of 1, 2 and
 * 3 worker threads) as on one host, because the cluster cuts the single host's chunk grid and
 * folds every chunk in chunk order from the identity. The members are Hazelcast members in this
 * JVM on loopback, each over a threads engine; the cluster grows by one member between runs.
 */
@Tag("slow")
@Timeout(180)
class ClusterReproducibilityTest {
    private static final String CLUSTER = "repro-" + ProcessHandle.current().pid();
    private static final ClusterKey KEY = ClusterKey.random();
    private static final long UNITS = 2_000_003;

    @TempDir
    static Path regions;

    private static final List<Integer> ports = new ArrayList<>();
    private static final List<MemberNode> nodes = new ArrayList<>();
    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static ShmcCluster cluster;

    @BeforeAll
    static void choosePorts() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            }
        }
    }

    @AfterAll
    static void stopMembers() throws IOException {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            nodes.forEach(MemberNode::close);
        }
        try (Stream<Path> left = Files.list(regions)) {
            assertEquals(List.of(), left.toList(), "regions left");
        }
        assertEquals(List.of(), log, "requests dropped");
    }

    private static JobSpec moments() {
        return JobSpec.builder(Moments.class).units(UNITS).build();
    }

    private static JobSpec momentsKeepingChunks() {
        return JobSpec.builder(Moments.class).units(UNITS).keepChunkResults().build();
    }

    /** Starts member {@code i} (of {@code i + 1} worker threads), joining those before it, and waits until the submitter sees it. */
    private static void addMember(int i) {
        Engine engine = Engine.builder().mode(Mode.THREADS).workers(i + 1).directory(regions).build();
        List<String> join = ports.subList(0, i + 1).stream().map(p -> "127.0.0.1:" + p).toList();
        nodes.add(MemberNode.start(engine, CLUSTER, KEY, "127.0.0.1", ports.get(i), join, log::add));
        if (cluster == null) {
            cluster = ShmcCluster.connect(CLUSTER, join, KEY, null);
        }
        Await.await("the submitter sees " + (i + 1) + " members", () -> cluster.memberAddresses().size() == i + 1, Duration.ofSeconds(60));
    }

    @Test
    void shouldGiveTheSingleHostsBitsOfAFloatingPointReductionOnEveryMemberCount() throws Exception {
        JobResult local;
        try (Engine e = Engine.builder().mode(Mode.THREADS).workers(2).directory(regions).build()) {
            local = e.run(momentsKeepingChunks());
        }
        assertEquals(JobStatus.COMPLETED, local.status());
        ChunkGrid grid = ChunkGrid.of(moments(), new Moments(), 3, 2, EngineConfig.CHUNK_CAPACITY);
        assertEquals(grid.chunks(), local.chunks(), "the engine cuts the grid ChunkGrid chooses");
        assertTrue(halvesFoldedApartDiffer(local), "the check can fail: folding pieces on their own changes the last bits");

        List<String> runs = new ArrayList<>();
        for (int members = 1; members <= 3; members++) {
            addMember(members - 1);
            JobResult r = cluster.submit(moments()).await(Duration.ofMinutes(2));
            runs.add(members + " member(s): " + r.result() + " in " + cluster.report(r.jobId()).get("pieces") + " pieces");
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(members, cluster.report(r.jobId()).get("members"));
            assertEquals(local.chunks(), r.chunks(), "the job's chunks, as on one host");
            assertEquals(local.chunks(), r.chunksDone());
            assertArrayEquals(local.words(), r.words(), "moments on " + members + " member(s) vs one host:\n" + String.join("\n", runs));
        }

        JobResult kept = cluster.submit(momentsKeepingChunks()).await(Duration.ofMinutes(2));
        assertEquals(local.chunkResults().size(), kept.chunkResults().size());
        for (int c = 0; c < local.chunkResults().size(); c++) {
            assertArrayEquals(local.chunkResults().get(c), kept.chunkResults().get(c), "chunk " + c + " as one host computed it");
        }
    }

    /** Whether folding the first and second half of the chunks apart, then the halves, gives other bits than one fold in order. */
    private static boolean halvesFoldedApartDiffer(JobResult r) {
        Moments kernel = new Moments();
        ResultLayout layout = r.layout();
        List<long[]> chunks = r.chunkResults();
        int half = chunks.size() / 2;
        Result first = fold(kernel, layout, chunks.subList(0, half));
        kernel.combine(first, fold(kernel, layout, chunks.subList(half, chunks.size())));
        assertArrayEquals(r.words(), fold(kernel, layout, chunks).raw(), "the kept chunks fold to the result");
        return !java.util.Arrays.equals(r.words(), first.raw());
    }

    private static Result fold(Moments kernel, ResultLayout layout, List<long[]> chunks) {
        Result acc = Result.of(layout);
        kernel.identity(acc);
        for (long[] c : chunks) {
            kernel.combine(acc, new Result(layout, c.clone()));
        }
        return acc;
    }
}
