package dev.shmc.engine.control;

import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Where a job's chunk results live, and their one writer and reader. A result of up to
 * {@link ControlDescriptor#MAX_RESULT_WORDS} words sits in its chunk's slot of the control region. A larger
 * one has a slot of its own in the job's results file, a region beside the control region
 * ({@code <control>-results-<job sequence>}, kind {@code results}) that the coordinator creates
 * when it publishes the job and deletes when it ends it; a worker maps it for the job's duration.
 * Either way the chunk's state word stays in the control region: a worker writes the words
 * plainly, then release-stores the state, and the coordinator reads the words after an acquire
 * load of the state.
 *
 * <pre>
 *  results file payload: chunk 0 words | chunk 1 words | ...   (words x 8 bytes each, no padding:
 *                        each slot has one writer, and is read once the chunk's state says so)
 * </pre>
 */
public final class ResultSlots implements AutoCloseable {
    private final ControlRegion ctl;
    private final int words;
    private final SharedRegion file;
    private final MemorySegment seg;

    private ResultSlots(ControlRegion ctl, int words, SharedRegion file) {
        this.ctl = ctl;
        this.words = words;
        this.file = file;
        this.seg = file == null ? null : file.payload();
    }

    /** Whether results of {@code words} words need a results file. */
    public static boolean needsFile(int words) {
        return words > ControlDescriptor.MAX_RESULT_WORDS;
    }

    /** Coordinator: the result slots of job {@code seq}, creating its results file when the results are large. */
    public static ResultSlots create(ControlRegion ctl, long seq, int words, long chunks) {
        if (!needsFile(words)) {
            return new ResultSlots(ctl, words, null);
        }
        Path dir = ctl.path().getParent();
        SharedRegion file = SharedRegion.create(dir, fileName(ctl, seq), RegionDescriptor.KIND_RESULTS,
                Math.max(1, chunks) * words * (long) Long.BYTES);
        return new ResultSlots(ctl, words, file);
    }

    /** Worker: the result slots of the published job {@code seq}, mapping its results file when the results are large. */
    public static ResultSlots attach(ControlRegion ctl, long seq, int words, long chunks) {
        if (!needsFile(words)) {
            return new ResultSlots(ctl, words, null);
        }
        Path path = ctl.path().resolveSibling(fileName(ctl, seq) + RegionDescriptor.FILE_SUFFIX);
        SharedRegion file = SharedRegion.attach(path, false);
        if (file.kind() != RegionDescriptor.KIND_RESULTS || file.payloadLength() < chunks * words * (long) Long.BYTES) {
            file.close();
            throw new RegionException(RegionException.Reason.BAD_FILE, path + " is not the results file of job " + seq
                    + " (" + chunks + " chunks of " + words + " words)");
        }
        return new ResultSlots(ctl, words, file);
    }

    private static String fileName(ControlRegion ctl, long seq) {
        return ctl.region().name() + "-results-" + seq;
    }

    public int words() {
        return words;
    }

    /** Worker (or the coordinator restoring a checkpointed chunk): writes chunk {@code chunk}'s result words plainly, then release-stores its final {@code state}. */
    public void publish(long chunk, long[] result, long state) {
        if (file == null) {
            ctl.publishChunk(chunk, result, words, state);
            return;
        }
        MemorySegment.copy(result, 0, seg, ValueLayout.JAVA_LONG, slot(chunk), words);
        ctl.publishChunkState(chunk, state); // release: the coordinator reads the words only after seeing the state
    }

    /** Coordinator: reads a finished chunk's words (after an acquire load of its state). */
    public void read(long chunk, long[] into) {
        if (file == null) {
            ctl.readChunkResult(chunk, into, words);
            return;
        }
        MemorySegment.copy(seg, ValueLayout.JAVA_LONG, slot(chunk), into, 0, words);
    }

    private long slot(long chunk) {
        return chunk * words * (long) Long.BYTES;
    }

    /** Unmaps the results file; the coordinator's close also deletes it. Idempotent. */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
