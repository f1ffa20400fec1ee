package dev.shmc.engine.api;

import java.util.Arrays;

/**
 * The combined result of a job.
 *
 * @param jobId         the job's id
 * @param status        how it ended
 * @param words         the combined result words (kernel-defined meaning)
 * @param chunks        chunks of the job
 * @param chunksDone    chunks whose result is included (complete or, when stopped, partial)
 * @param chunksSkipped chunks taken from a checkpoint instead of being computed (resume)
 * @param seconds       wall time from submit to result
 * @param workers       workers that ran it
 * @param mode          where they ran
 */
public record JobResult(String jobId, JobStatus status, long[] words, long chunks, long chunksDone, long chunksSkipped,
                        double seconds, int workers, Mode mode) {
    public long word(int i) {
        return words[i];
    }

    public double doubleWord(int i) {
        return Double.longBitsToDouble(words[i]);
    }

    @Override
    public String toString() {
        return "JobResult[" + jobId + " " + status + " " + Arrays.toString(words) + " chunks " + chunksDone + "/" + chunks
                + " in " + seconds + " s]";
    }
}
