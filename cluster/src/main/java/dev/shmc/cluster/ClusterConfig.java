package dev.shmc.cluster;

/**
 * Every tunable of the cluster layer in one place; a system property overrides each default.
 * Times are milliseconds unless the name says otherwise.
 */
public final class ClusterConfig {
    private ClusterConfig() {
    }

    /** Member port when {@code --bind} names no port (Hazelcast's usual one). Port auto-increment is off: a member list names exact ports. */
    public static final int DEFAULT_PORT = Integer.getInteger("shmc.cluster.port", 5701);

    /**
     * Pieces per member a job's chunks are cut into (fewer when the job has few chunks for its
     * members' workers: see {@code Pieces}). More pieces balance uneven members and lose less work
     * when a member dies; each costs a round trip and a job start on a member's engine (tens of
     * microseconds to a millisecond), so a few per member is plenty.
     */
    public static final int PIECES_PER_MEMBER = Integer.getInteger("shmc.cluster.piecesPerMember", 8);

    /**
     * Pieces sent to a member before earlier ones return. Two keep a member's engine busy while a
     * finished piece's result travels back and the next is sent (the engine queues the second);
     * more would only take pieces away from faster members.
     */
    public static final int IN_FLIGHT_PER_MEMBER = Integer.getInteger("shmc.cluster.inFlightPerMember", 2);

    /** Times one piece may be sent before the job fails (a piece is re-sent when its member is lost or the call fails). */
    public static final int MAX_PIECE_ATTEMPTS = Integer.getInteger("shmc.cluster.maxPieceAttempts", 5);

    /** A member whose call failed gets no new piece for this long (it is probably leaving; the cluster will tell). */
    public static final long SUSPECT_MS = Long.getLong("shmc.cluster.suspectMs", 2_000);

    /** After a stop (cancel, or a member found the answer), how long the submitter waits for the pieces in flight to come back before it reports without them. */
    public static final long STOP_WAIT_MS = Long.getLong("shmc.cluster.stopWaitMs", 10_000);

    /** How long a job waits with pieces left and no member to run them (all lost) before it fails. */
    public static final long NO_MEMBER_TIMEOUT_MS = Long.getLong("shmc.cluster.noMemberTimeoutMs", 15_000);

    /**
     * How long the submitter (a Hazelcast client) tries to reach the cluster before it gives up:
     * at start, and again after losing every member. Bounded, so that an unreachable cluster is an
     * error in seconds, not a hang.
     */
    public static final long CONNECT_TIMEOUT_MS = Long.getLong("shmc.cluster.connectTimeoutMs", 15_000);

    /** How long {@code shmc cluster status} waits for each member's answer. */
    public static final long STATUS_TIMEOUT_MS = Long.getLong("shmc.cluster.statusTimeoutMs", 10_000);

    /**
     * Seconds without a heartbeat after which members declare one of them dead (Hazelcast's
     * {@code hazelcast.max.no.heartbeat.seconds}, 60 by default). A killed member's connections
     * close at once and it is usually removed within a second or two; this bounds the case where
     * its host vanishes silently. Too low and a member that is busy or paused (GC) is thrown out.
     */
    public static final int MAX_NO_HEARTBEAT_SECONDS = Integer.getInteger("shmc.cluster.maxNoHeartbeatSeconds", 15);

    /** Heartbeat interval between members and from the client, seconds. */
    public static final int HEARTBEAT_INTERVAL_SECONDS = Integer.getInteger("shmc.cluster.heartbeatSeconds", 1);

    /**
     * Threads of each member's piece executor: pieces in flight from every submitter plus status
     * calls. Pieces wait on the member's engine, which runs one job at a time, so these threads
     * mostly sleep.
     */
    public static final int MEMBER_EXECUTOR_THREADS = Integer.getInteger("shmc.cluster.executorThreads", 16);

    /** The executor that runs pieces and status calls on the members. */
    public static final String EXECUTOR = "shmc-pieces";

    /** The topic on which a job's stop (cancel, or an answer found) is broadcast to every member. */
    public static final String STOP_TOPIC = "shmc-stop";

    /** Jobs a member remembers as stopped, so that a piece of a stopped job arriving late does not run. */
    public static final int STOPPED_JOBS_REMEMBERED = Integer.getInteger("shmc.cluster.stoppedJobsRemembered", 4096);

    /** Finished jobs whose report (members, pieces, lost members) the submitter keeps. */
    public static final int REPORTS_KEPT = Integer.getInteger("shmc.cluster.reportsKept", 256);

    /**
     * A signed request (piece, stop, status) is accepted only if its timestamp is within this of
     * the member's clock, either way. Shorter: a captured request can be replayed for less time
     * and members remember fewer nonces; longer: tolerates hosts whose clocks differ more (the
     * hosts' clocks must agree within this, e.g. through NTP).
     */
    public static final long REQUEST_WINDOW_MS = Long.getLong("shmc.cluster.requestWindowMs", 120_000);

    /**
     * Nonces of accepted requests a member remembers (each for twice {@link #REQUEST_WINDOW_MS},
     * about 130 bytes each), to drop a request seen before. When that many arrived within the
     * time, the member refuses further requests until old ones expire: it never forgets a nonce
     * early (that would let a replay through). 100,000 (13 MB at most) allow over 400 requests a
     * second, far more than pieces of a few milliseconds each need.
     */
    public static final int NONCES_REMEMBERED = Integer.getInteger("shmc.cluster.noncesRemembered", 100_000);
}
