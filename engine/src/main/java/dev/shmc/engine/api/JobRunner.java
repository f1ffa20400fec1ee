package dev.shmc.engine.api;

import java.util.Map;

/**
 * Something that runs jobs: a local {@link Engine} (a worker pool on this host) or a cluster of
 * hosts (the cluster module's client, found through {@link ClusterProvider}). The CLI's job
 * commands run their jobs through this interface and do not know which one they have.
 * Implementations are thread-safe.
 */
public interface JobRunner extends AutoCloseable {
    /** Queues a job and returns its handle at once. */
    JobHandle submit(JobSpec spec);

    /** Submits a job and waits for its result. */
    default JobResult run(JobSpec spec) {
        return submit(spec).await();
    }

    /** Workers that run jobs: this engine's, or the sum over a cluster's members. */
    int workers();

    /** Where the workers run (for a cluster: the members' mode). */
    Mode mode();

    /** Seconds it took to become ready: start the workers, or connect to the cluster. */
    double startupSeconds();

    /**
     * Facts about a finished job beyond its {@link JobResult}, for reports and {@code --json}, in
     * a stable order; empty for a local engine. A cluster reports {@code cluster} (its name),
     * {@code members} (how many took part), {@code pieces} (how many pieces the range was cut
     * into), {@code requeuedPieces} and {@code lostMembers} (addresses of members lost during the
     * job, whose pieces were re-run elsewhere).
     */
    default Map<String, Object> report(String jobId) {
        return Map.of();
    }

    /** PID of worker {@code index}'s JVM, for memory reports; -1 when this runner cannot tell (a cluster). */
    default long workerPid(int index) {
        return -1;
    }

    /** Stops what this runner started (workers, or the connection to the cluster). */
    @Override
    void close();
}
