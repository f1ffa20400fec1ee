package dev.shmc.engine.coordinator;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.api.JobStore;

/**
 * Checks that a run resuming a recorded job ({@link JobSpec#resumeJobId()}) is the same job, so
 * that the checkpointed chunk results it reuses belong to it: the same kernel, unit range,
 * parameters and seed, and the same chunk size (chunk indices only line up if the range is cut the
 * same way). The worker count, mode and schedule may differ.
 */
final class ResumeCheck {
    private ResumeCheck() {
    }

    /**
     * The chunk size the resumed run must use: the original job's.
     *
     * @throws IllegalArgumentException (one line, for the user) when the job is unknown, cannot be
     *                                  resumed (finished, or running elsewhere) or differs from {@code spec}
     */
    static long chunkSize(JobStore store, JobSpec spec) {
        String id = spec.resumeJobId();
        JobRecord job = store.find(id).orElseThrow(
                () -> new IllegalArgumentException("no job " + id + " in the registry (see 'shmc jobs')"));
        String status = job.status();
        if (status.equals("COMPLETED") || status.equals("FOUND")) {
            throw new IllegalArgumentException("job " + id + " already ended " + status.toLowerCase() + "; there is nothing to resume");
        }
        if (status.equals(JobStore.RUNNING)) {
            throw new IllegalArgumentException("job " + id + " is running in another process; it can be resumed only after it stops");
        }
        mustMatch(id, "kernel", job.kernel(), spec.kernelClass());
        mustMatch(id, "unit range", "[" + job.from() + ", " + job.to() + ")", "[" + spec.from() + ", " + spec.to() + ")");
        // the recorded text is Params.toString(); a job recorded before it escaped anything has Map.toString()
        String params = job.params().equals(spec.params().asMap().toString()) ? job.params() : spec.params().toString();
        mustMatch(id, "parameters", job.params(), params);
        mustMatch(id, "seed", Long.toString(job.seed()), Long.toString(spec.seed()));
        if (job.chunkSize() <= 0) {
            throw new IllegalArgumentException("job " + id + " has no chunk size in the registry; it cannot be resumed");
        }
        if (spec.chunkSize() != 0 && spec.chunkSize() != job.chunkSize()) {
            throw new IllegalArgumentException("cannot resume job " + id + ": it was cut into chunks of " + job.chunkSize()
                    + " units, this run asks for " + spec.chunkSize() + " (leave the chunk size out to reuse the job's)");
        }
        return job.chunkSize();
    }

    private static void mustMatch(String id, String what, String recorded, String requested) {
        if (!recorded.equals(requested)) {
            throw new IllegalArgumentException("cannot resume job " + id + ": its " + what + " " + (what.endsWith("s") ? "were " : "was ")
                    + recorded + ", this run has " + requested);
        }
    }
}
