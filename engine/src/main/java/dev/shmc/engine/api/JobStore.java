package dev.shmc.engine.api;

import dev.shmc.engine.api.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the coordinator records jobs and the results of finished chunks (checkpoints), so that
 * {@code shmc jobs} can list them and a job can be resumed after a crash. Called from the
 * coordinator's dispatcher thread only.
 */
public interface JobStore extends AutoCloseable {
    /** Status of a job whose coordinator is running it (the other statuses are {@link JobStatus} names). */
    String RUNNING = "RUNNING";

    /** Status read back for a {@value #RUNNING} job whose coordinator process is gone: it can be resumed. */
    String INTERRUPTED = "INTERRUPTED";

    /** A job's registry entry. */
    record JobRecord(String id, String label, String kernel, String params, long seed, long from, long to, long chunkSize,
                     long chunks, int workers, String mode, String status, long startedAtMillis, long finishedAtMillis,
                     long chunksDone, String result) {
    }

    /** Records (or updates, on resume) a job that starts now. */
    void started(JobRecord job);

    /** Records the result words of a finished chunk. */
    void chunkDone(String jobId, long chunk, long[] words);

    /** Results of the chunks already finished by earlier runs of a job. */
    Map<Long, long[]> finishedChunks(String jobId);

    /** Records how a job ended. */
    void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis);

    Optional<JobRecord> find(String jobId);

    /** All jobs, newest first. */
    List<JobRecord> list();

    @Override
    void close();

    /** A store that keeps nothing (the default for the Java API). */
    JobStore NONE = new JobStore() {
        @Override
        public void started(JobRecord job) {
        }

        @Override
        public void chunkDone(String jobId, long chunk, long[] words) {
        }

        @Override
        public Map<Long, long[]> finishedChunks(String jobId) {
            return Map.of();
        }

        @Override
        public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
        }

        @Override
        public Optional<JobRecord> find(String jobId) {
            return Optional.empty();
        }

        @Override
        public List<JobRecord> list() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };
}
