package dev.shmc.engine.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

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
 * @param layout        the shape of {@code words}: which are doubles
 * @param chunkResults  when the job asked for them ({@link JobSpec.Builder#keepChunkResults()}):
 *                      one entry per chunk in chunk order, chunk {@code c}'s raw result words as
 *                      its kernel computed them (not combined with anything), or null for a chunk
 *                      whose result is not included (the job stopped before it); empty for a job
 *                      that did not ask, or was cancelled before it started
 */
public record JobResult(String jobId, JobStatus status, long[] words, long chunks, long chunksDone, long chunksSkipped,
                        double seconds, int workers, Mode mode, ResultLayout layout, List<long[]> chunkResults) {
    public JobResult {
        chunkResults = chunkResults == null ? List.of() : Collections.unmodifiableList(chunkResults);
    }

    /** A result without chunk results. */
    public JobResult(String jobId, JobStatus status, long[] words, long chunks, long chunksDone, long chunksSkipped,
                     double seconds, int workers, Mode mode, ResultLayout layout) {
        this(jobId, status, words, chunks, chunksDone, chunksSkipped, seconds, workers, mode, layout, List.of());
    }

    /** A result of long words only. */
    public JobResult(String jobId, JobStatus status, long[] words, long chunks, long chunksDone, long chunksSkipped,
                     double seconds, int workers, Mode mode) {
        this(jobId, status, words, chunks, chunksDone, chunksSkipped, seconds, workers, mode, ResultLayout.longs(Math.max(1, words.length)));
    }

    public long word(int i) {
        return words[i];
    }

    public double doubleWord(int i) {
        return Double.longBitsToDouble(words[i]);
    }

    /** The combined result, typed by its layout (a view of {@link #words}). */
    public Result result() {
        return new Result(layout, words);
    }

    /** The words as longs (a copy). */
    public long[] longs() {
        return words.clone();
    }

    /** The words read as doubles (a copy); for a kernel whose layout is doubles. */
    public double[] doubles() {
        return result().doubles();
    }

    /** The result decoded by the kernel's own reader, for example {@code result.decode(Moments::of)}. */
    public <T> T decode(Function<Result, T> reader) {
        return reader.apply(result());
    }

    @Override
    public String toString() {
        return "JobResult[" + jobId + " " + status + " " + (words.length == layout.words() ? result().toString() : Arrays.toString(words)) + " chunks " + chunksDone + "/" + chunks
                + " in " + seconds + " s]";
    }
}
