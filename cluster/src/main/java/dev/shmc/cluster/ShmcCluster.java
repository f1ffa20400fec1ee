package dev.shmc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.topic.ITopic;
import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.loader.KernelClassLoaders;
import dev.shmc.engine.api.Mode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A connection to a cluster of shmc members ({@code shmc member}), through which jobs run over
 * several hosts. A job's chunk grid is the one a single host would cut ({@link ChunkGrid}); its
 * chunks are cut into pieces (runs of whole chunks, several per member) that are handed out to the
 * members as they finish earlier ones; each member runs its pieces on its own worker pool over
 * shared memory and answers each chunk's result, and the chunk results are folded here with the
 * kernel's {@code combine}, in chunk order from the identity, as one host folds them. So a job
 * gives the same bits as on one host, on any number of members, even when its combine is not
 * exactly associative (floating-point sums). A cancel, or an answer found on one member, stops the job on every member. A member lost
 * during a job costs only its unfinished pieces: they are re-run on the others.
 *
 * <p>Every request it sends (piece, stop, status) is sealed with the cluster's {@link ClusterKey},
 * and it takes only answers sealed with it to that very request: an answer that does not verify
 * is dropped with a line on {@code events}, its piece re-run on the other members.
 *
 * <pre>{@code
 * ClusterKey key = ClusterKey.load(ClusterKey.defaultFile());
 * try (ShmcCluster cluster = ShmcCluster.connect("lab", List.of("10.0.0.1:5701", "10.0.0.2:5701"), key, System.err::println)) {
 *     JobResult r = cluster.run(PiJobKernel.spec(100_000_000_000L, 42, "vector"));
 *     System.out.println(cluster.report(r.jobId()).get("lostMembers"));
 * }
 * }</pre>
 *
 * It is a Hazelcast client, not a member: it holds no partitions, connects in about a second,
 * and its leaving is nothing the cluster has to recover from. Thread-safe.
 */
public final class ShmcCluster implements JobRunner {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final String name;
    private final ClusterKey key;
    private final HazelcastInstance client;
    private final IExecutorService executor;
    private final ITopic<Object> stopTopic;
    private final Consumer<String> events;
    private final double startupSeconds;
    private final Thread shutdownHook;
    private final List<ClusterJob> jobs = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> reports = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
            return size() > ClusterConfig.REPORTS_KEPT;
        }
    };

    private ShmcCluster(String name, ClusterKey key, HazelcastInstance client, Consumer<String> events, double startupSeconds) {
        this.name = name;
        this.key = key;
        this.client = client;
        this.events = events;
        this.startupSeconds = startupSeconds;
        this.executor = client.getExecutorService(ClusterConfig.EXECUTOR);
        this.stopTopic = client.getTopic(ClusterConfig.STOP_TOPIC);
        // Ctrl-C on the submitter stops its jobs on the members too (they would finish their pieces for nobody)
        this.shutdownHook = new Thread(this::stopAll, "shmc-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                jobs.forEach(j -> j.membersChanged());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                jobs.forEach(j -> j.memberLost(e.getMember()));
            }
        });
    }

    /**
     * Connects to the cluster {@code clusterName} through any of {@code members} ({@code host:port}),
     * with the cluster key in the default place ({@link ClusterKey#defaultFile}).
     *
     * @throws IllegalArgumentException when there is no usable key file (the message says why)
     * @see #connect(String, List, ClusterKey, Consumer)
     */
    public static ShmcCluster connect(String clusterName, List<String> members, Consumer<String> events) {
        return connect(clusterName, members, ClusterKey.load(ClusterKey.defaultFile()), events);
    }

    /**
     * Connects to the cluster {@code clusterName} through any of {@code members} ({@code host:port}).
     * Only members started with the same {@code key} are of that cluster.
     *
     * @param events receives a line when something worth telling happens during a job (a member
     *               lost, its pieces re-queued, an answer dropped); may be null
     * @throws IllegalStateException when no member answers within {@link ClusterConfig#CONNECT_TIMEOUT_MS}
     */
    public static ShmcCluster connect(String clusterName, List<String> members, ClusterKey key, Consumer<String> events) {
        Objects.requireNonNull(clusterName);
        Objects.requireNonNull(key);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no member address to connect to");
        }
        long t0 = System.nanoTime();
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(key.hazelcastClusterName(clusterName), members));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot reach cluster '" + clusterName + "' at " + String.join(",", members) + " within "
                    + ClusterConfig.CONNECT_TIMEOUT_MS / 1000.0 + " s (are the members running, with this cluster name and key?)", e);
        }
        return new ShmcCluster(clusterName, key, client, events == null ? e -> { } : events, (System.nanoTime() - t0) / 1e9);
    }

    /** The cluster's name. */
    public String name() {
        return name;
    }

    /** The members now, oldest first. */
    List<Member> members() {
        return new ArrayList<>(client.getCluster().getMembers());
    }

    /** Addresses of the members now, oldest first. */
    public List<String> memberAddresses() {
        return members().stream().map(Members::address).toList();
    }

    /**
     * Cuts the job into pieces and hands them out to the members. Kernel and parameters are
     * checked here first (the kernel class must be on this JVM's classpath too: results are
     * combined here).
     *
     * @throws IllegalArgumentException for a kernel that cannot be loaded, or a resumed job (not supported on a cluster)
     */
    @Override
    public JobHandle submit(JobSpec spec) {
        if (spec.resumeJobId() != null) {
            throw new IllegalArgumentException("resuming a job is not supported on a cluster");
        }
        // a kernel from the job's own jars (JobSpec.Builder.classpath): loaded here as the engine loads it (each member loads it from the same paths)
        ClassLoader loader = KernelClassLoaders.forClasspath(spec.params().getString(JobSpec.CLASSPATH_PARAM, null));
        String id = "c" + LocalDateTime.now().format(ID_TIME) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        ClusterJob job;
        try (KernelClassLoaders.ContextLoader _ = KernelClassLoaders.asContextLoader(loader)) {
            job = new ClusterJob(this, id, spec, Kernel.instantiate(spec.kernelClass(), loader));
        }
        jobs.add(job);
        job.start();
        return job;
    }

    /** Workers over all members now. */
    @Override
    public int workers() {
        return members().stream().mapToInt(Members::workers).sum();
    }

    /** The oldest member's mode (members normally share one). */
    @Override
    public Mode mode() {
        List<Member> m = members();
        return m.isEmpty() ? Mode.PROCESSES : Members.mode(m.get(0));
    }

    /** Seconds it took to connect. */
    @Override
    public double startupSeconds() {
        return startupSeconds;
    }

    @Override
    public Map<String, Object> report(String jobId) {
        synchronized (reports) {
            Map<String, Object> r = reports.get(jobId);
            return r == null ? Map.of() : r;
        }
    }

    /**
     * Every member's status: its engine, the jobs it holds pieces of, what it has done. Members
     * that do not answer within {@link ClusterConfig#STATUS_TIMEOUT_MS}, and answers that do not
     * verify under the key, are left out (with a line on the events).
     */
    public List<MemberStatus> status() {
        StatusTask request = StatusTask.create();
        key.sign(name, request);
        Map<Member, Future<StatusAnswer>> answers = executor.submitToAllMembers(request);
        List<MemberStatus> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ClusterConfig.STATUS_TIMEOUT_MS);
        for (Map.Entry<Member, Future<StatusAnswer>> e : answers.entrySet()) {
            try {
                StatusAnswer a = e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (verifies(a, request.seal)) {
                    out.add(a.status());
                } else {
                    events.accept("dropped the status answer of member " + Members.address(e.getKey()) + ": it does not verify ("
                            + (a == null || a.seal == null || a.seal.mac == null ? "no MAC" : "bad MAC") + ")");
                }
            } catch (ExecutionException | TimeoutException x) {
                events.accept("member " + Members.address(e.getKey()) + " did not answer the status call: " + Members.message(x));
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.sort(Comparator.comparing(MemberStatus::address));
        return out;
    }

    /** Cancels the jobs still running (on every member) and disconnects. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // shutting down: the hook does it
        }
        stopAll();
    }

    /** Whether {@code answer} is sealed with the key, as the answer to the request sealed {@code request}. */
    boolean verifies(Sealed answer, Seal request) {
        return answer != null && answer.seal() != null && answer.seal().sameNonce(request) && key.verifies(name, answer);
    }

    /** Seals a request with the key. */
    void sign(Sealed request) {
        key.sign(name, request);
    }

    private void stopAll() {
        for (ClusterJob j : jobs) {
            try {
                broadcastStop(j.id());
            } catch (RuntimeException ignored) {
                // disconnected: the members finish their pieces and drop the answers
            }
            j.cancel();
        }
        client.shutdown();
    }

    // ------------------------------------------------------------------ for ClusterJob

    IExecutorService executor() {
        return executor;
    }

    boolean running() {
        return client.getLifecycleService().isRunning();
    }

    void broadcastStop(String jobId) {
        StopMessage m = new StopMessage(jobId);
        key.sign(name, m);
        stopTopic.publish(m);
    }

    void event(String text) {
        events.accept(text);
    }

    void finished(ClusterJob job, Map<String, Object> report) {
        synchronized (reports) {
            reports.put(job.id(), report);
        }
        jobs.remove(job);
    }

    Set<Member> memberSet() {
        return client.getCluster().getMembers();
    }
}
