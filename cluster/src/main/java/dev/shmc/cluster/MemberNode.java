package dev.shmc.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A cluster member: a Hazelcast member that owns a local {@link Engine} (a worker pool over
 * shared memory) and runs the pieces submitters send it, one engine job per piece. It listens on
 * the stop topic: a stop for a job cancels that job's pieces here (their engine jobs stop at the
 * workers' next poll of the shared stop flag) and keeps later pieces of it from running. A piece
 * that ends with its answer found broadcasts the stop itself, so the other members stop without
 * waiting for the submitter.
 *
 * <p>Every request is checked first ({@link RequestGuard}): a piece, stop or status request that
 * does not carry a valid MAC under the cluster key, is out of the time window or was seen before
 * is dropped with one line in the member's log, before any kernel class is loaded or any engine
 * job submitted; the sender of a piece or status request is told it was refused. Its answers are
 * sealed with the key and the request's nonce. Thread-safe; {@link #close} is idempotent.
 */
public final class MemberNode implements AutoCloseable {
    /** Key of the node in the Hazelcast instance's user context, where tasks find it. */
    static final String CONTEXT_KEY = "shmc.memberNode";

    private final Engine engine;
    private final String clusterName;
    private final ClusterKey key;
    private final RequestGuard guard;
    private final Consumer<String> log;
    private final HazelcastInstance hz;
    private final ITopic<Object> stopTopic;
    private final String address;
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicLong piecesDone = new AtomicLong();
    /** Cluster job id to the engine jobs running its pieces here. */
    private final Map<String, Set<JobHandle>> running = new ConcurrentHashMap<>();
    /** Jobs stopped recently, oldest first (bounded). */
    private final Set<String> stopped = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ClusterConfig.STOPPED_JOBS_REMEMBERED;
        }
    }));
    private volatile boolean closing;

    private MemberNode(Engine engine, String clusterName, ClusterKey key, String bindAddress, int port, List<String> members,
                       Consumer<String> log) {
        this.engine = engine;
        this.clusterName = clusterName;
        this.key = key;
        this.guard = new RequestGuard(key, clusterName);
        this.log = log;
        ConcurrentHashMap<String, Object> context = new ConcurrentHashMap<>();
        context.put(CONTEXT_KEY, this);
        Map<String, String> attributes = Map.of(HazelcastConfigs.ATTR_WORKERS, Integer.toString(engine.workers()),
                HazelcastConfigs.ATTR_MODE, engine.mode().name().toLowerCase(), HazelcastConfigs.ATTR_PID,
                Long.toString(ProcessHandle.current().pid()));
        Config config = HazelcastConfigs.member(key.hazelcastClusterName(clusterName), bindAddress, port, members, attributes, context);
        this.hz = Hazelcast.newHazelcastInstance(config);
        this.address = Members.address(hz.getCluster().getLocalMember());
        this.stopTopic = hz.getTopic(ClusterConfig.STOP_TOPIC);
        stopTopic.addMessageListener(m -> stopMessage(m.getMessageObject(), m.getPublishingMember()));
    }

    /**
     * Starts a member: joins (or forms) the cluster {@code clusterName} through {@code members},
     * listening on {@code bindAddress:port} (an IP address of this host). Only members and
     * submitters with the same {@code key} are of the same cluster. The engine becomes the node's:
     * {@link #close} closes it.
     *
     * @param log receives one line for each request dropped (it does not verify, is stale or a replay)
     * @throws IllegalStateException when Hazelcast cannot start (the port is taken, the address is not this host's)
     */
    public static MemberNode start(Engine engine, String clusterName, ClusterKey key, String bindAddress, int port, List<String> members,
                                   Consumer<String> log) {
        Objects.requireNonNull(engine);
        Objects.requireNonNull(key);
        try {
            return new MemberNode(engine, clusterName, key, bindAddress, port, members, log == null ? line -> { } : log);
        } catch (RuntimeException e) {
            engine.close();
            throw new IllegalStateException("cannot start the cluster member on " + bindAddress + ":" + port + ": " + Members.message(e), e);
        }
    }

    static MemberNode of(HazelcastInstance hz) {
        Object node = hz.getUserContext().get(CONTEXT_KEY);
        if (!(node instanceof MemberNode m)) {
            throw new IllegalStateException("this Hazelcast member runs no shmc engine");
        }
        return m;
    }

    /** This member's address as the cluster knows it, {@code host:port}. */
    public String address() {
        return address;
    }

    /** Members of the cluster right now, this one included. */
    public int clusterSize() {
        return hz.getCluster().getMembers().size();
    }

    /** The local engine. */
    public Engine engine() {
        return engine;
    }

    /**
     * Checks a request; when it must be dropped, logs one line and throws. Hazelcast tells a task
     * nothing of its sender, so the line says what the request claims to be ({@code says}).
     *
     * @param what the request as the log names it ("a piece request")
     * @param says what it claims to be, or null (the sender's text, shortened and made printable)
     * @throws SecurityException when it does not verify, is stale or a replay (its sender sees the message)
     */
    private void admit(Sealed request, String what, String says) {
        String why = guard.check(request, System.currentTimeMillis());
        if (why != null) {
            log.accept("dropped " + what + " that does not verify (" + why + ")" + (says == null ? "" : "; it says: " + printable(says)));
            throw new SecurityException("member " + address + " refused " + what + " that does not verify (" + why + ")");
        }
    }

    /** At most 100 printable ASCII characters of a sender's text, for one log line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().limit(100).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return s.length() > 100 ? b + "..." : b.toString();
    }

    /** Runs one piece on the local engine and waits for it; called on an executor thread. */
    PieceResult runPiece(PieceTask task) {
        admit(task, "a piece request", "piece " + task.piece + " of job " + task.jobId);
        PieceResult r = runVerified(task);
        key.sign(clusterName, r);
        return r;
    }

    private PieceResult runVerified(PieceTask task) {
        long t0 = System.nanoTime();
        if (closing) {
            return new PieceResult(task, PieceResult.Outcome.LEAVING, 0, null);
        }
        if (stopped.contains(task.jobId)) {
            return new PieceResult(task, PieceResult.Outcome.CANCELLED, 0, null);
        }
        JobHandle handle;
        try {
            handle = engine.submit(task.spec());
        } catch (IllegalStateException e) {
            return new PieceResult(task, PieceResult.Outcome.LEAVING, 0, null); // engine closed
        } catch (RuntimeException e) {
            return new PieceResult(task, PieceResult.Outcome.FAILED, 0, "on member " + address + ": " + Members.message(e));
        }
        Set<JobHandle> handles = running.computeIfAbsent(task.jobId, k -> ConcurrentHashMap.newKeySet());
        handles.add(handle);
        // registered first, then checked: a stop that came in between is seen here or by stop()
        if (stopped.contains(task.jobId)) {
            handle.cancel();
        }
        try {
            JobResult r = handle.await();
            if ((closing || engine.isClosed()) && r.status() == JobStatus.CANCELLED) {
                return new PieceResult(task, PieceResult.Outcome.LEAVING, 0, null); // cancelled by close()
            }
            if (r.status() == JobStatus.FOUND) {
                broadcastStop(task.jobId); // the others stop now, not after a round trip to the submitter
            }
            if (r.chunks() != task.chunks() && !(r.chunks() == 0 && r.status() == JobStatus.CANCELLED)) {
                // the engine widened the chunks (a smaller shmc.chunkCapacity or shmc.resultMemory than the submitter's)
                return new PieceResult(task, PieceResult.Outcome.FAILED, r.seconds(), "on member " + address + ": its engine cut the piece into "
                        + r.chunks() + " chunks, not the job's " + task.chunks() + " (is its shmc.chunkCapacity or shmc.resultMemory smaller?)");
            }
            return PieceResult.of(task, r);
        } catch (JobFailedException e) {
            // on SIGTERM the engine's own shutdown hook may close it before ours sets closing
            if (closing || engine.isClosed()) {
                return new PieceResult(task, PieceResult.Outcome.LEAVING, 0, null);
            }
            return new PieceResult(task, PieceResult.Outcome.FAILED, (System.nanoTime() - t0) / 1e9,
                    "on member " + address + ": " + e.getMessage());
        } finally {
            handles.remove(handle);
            running.computeIfPresent(task.jobId, (k, v) -> v.isEmpty() ? null : v);
            piecesDone.incrementAndGet();
        }
    }

    /** A message on the stop topic: acted on only if it is a stop that verifies. */
    private void stopMessage(Object message, Member publisher) {
        // the member that published it, for the member or client that sent it there
        String from = publisher == null ? "an unknown member" : "member " + Members.address(publisher);
        if (!(message instanceof StopMessage stop)) {
            log.accept("dropped a stop that does not verify (not a sealed stop but " + (message == null ? "null" : message.getClass().getName())
                    + ") published through " + from);
            return;
        }
        String why = guard.check(stop, System.currentTimeMillis());
        if (why != null) {
            log.accept("dropped a stop that does not verify (" + why + ") published through " + from + "; it says: job "
                    + printable(String.valueOf(stop.jobId)));
            return;
        }
        stop(stop.jobId);
    }

    /** Stops this member's pieces of {@code jobId}, running or still to come. */
    void stop(String jobId) {
        stopped.add(jobId);
        Set<JobHandle> handles = running.get(jobId);
        if (handles != null) {
            for (JobHandle h : handles) {
                h.cancel(); // sets the engine's stop flag in shared memory
            }
        }
    }

    /** Publishes a stop of {@code jobId} to every member (this one included). */
    void broadcastStop(String jobId) {
        stop(jobId);
        StopMessage m = new StopMessage(jobId);
        key.sign(clusterName, m);
        try {
            stopTopic.publish(m);
        } catch (RuntimeException e) {
            // shutting down: the submitter broadcasts the stop as well
        }
    }

    /** Answers a status request (after checking it); called on an executor thread. */
    StatusAnswer status(StatusTask request) {
        admit(request, "a status request", null);
        StatusAnswer a = new StatusAnswer(request, status());
        key.sign(clusterName, a);
        return a;
    }

    MemberStatus status() {
        Map<String, Integer> jobs = new TreeMap<>();
        running.forEach((job, handles) -> {
            if (!handles.isEmpty()) {
                jobs.put(job, handles.size());
            }
        });
        return new MemberStatus(address, ProcessHandle.current().pid(), engine.workers(), engine.mode().name().toLowerCase(),
                startedMillis, piecesDone.get(), jobs);
    }

    /**
     * Leaves the cluster and closes the engine (its worker JVMs stop and its control region is
     * removed). Pieces still running here are cancelled and answered LEAVING, so their submitters
     * re-run them on other members.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            for (Set<JobHandle> handles : running.values()) {
                handles.forEach(JobHandle::cancel);
            }
            // let the cancelled pieces answer LEAVING before the connections close (else the
            // submitters learn it from the membership change, a moment later)
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (!running.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            hz.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hz.shutdown();
        } catch (RuntimeException ignored) {
            // leaving anyway
        } finally {
            engine.close();
        }
    }
}
