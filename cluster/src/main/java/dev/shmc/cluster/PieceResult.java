package dev.shmc.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.config.EngineConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What a member answers for a {@link PieceTask}: how the piece ended and the result of each of its
 * chunks, raw (as the kernel computed it, not combined with the identity or with each other: the
 * submitter folds every chunk of the job in chunk order, from the identity, as one host does).
 *
 * <p>The chunks are the piece's chunks in order: {@link #chunks} of them (0 when none ran),
 * {@link #included} says which have a result (all of a completed piece; those done or partly done
 * when it stopped), and {@link #words} holds those results one after the other,
 * {@link #resultWords} words each. {@link #readData} refuses a shape that does not add up, and
 * more words than one job's chunk results may have ({@link ChunkGrid#maxChunks}), before it
 * allocates them.
 *
 * <p>A kernel that threw is reported as {@link Outcome#FAILED} with the member's message (the job
 * fails); a member that is shutting down answers {@link Outcome#LEAVING} (the piece is re-run
 * elsewhere). Sealed by the member with the nonce of the piece's request, so that the submitter
 * combines only answers made with the key, to that very request.
 */
final class PieceResult implements IdentifiedDataSerializable, Sealed {
    /** How a piece ended. */
    enum Outcome {
        /** Every unit computed. */
        COMPLETED,
        /** A kernel found its answer and stopped the job (the member has broadcast the stop). */
        FOUND,
        /** Stopped by a broadcast stop; the chunks included hold the part computed. */
        CANCELLED,
        /** A kernel threw; {@link #error} says what. */
        FAILED,
        /** The member is shutting down and did not run it. */
        LEAVING
    }

    int piece;
    int attempt;
    Outcome outcome;
    long units;
    double seconds;
    String error;
    /** Words of each chunk's result. */
    int resultWords;
    /** Chunks the member's engine cut the piece into, 0 when it ran none. */
    int chunks;
    /** Bit c set: chunk c of the piece has its result in {@link #words} (a {@link BitSet}'s words). */
    long[] included;
    /** The included chunks' results, in chunk order, {@link #resultWords} each. */
    long[] words;
    Seal seal;

    /** For deserialization. */
    PieceResult() {
    }

    /** An answer without chunk results (nothing ran: stopped before, failed, leaving). */
    PieceResult(PieceTask task, Outcome outcome, double seconds, String error) {
        this(task, outcome, 0, 0, new long[0], new long[0], seconds, error);
    }

    PieceResult(PieceTask task, Outcome outcome, int resultWords, int chunks, long[] included, long[] words, double seconds, String error) {
        this.piece = task.piece;
        this.attempt = task.attempt;
        this.outcome = outcome;
        this.units = task.to - task.from;
        this.seconds = seconds;
        this.error = error;
        this.resultWords = resultWords;
        this.chunks = chunks;
        this.included = included;
        this.words = words;
        this.seal = task.seal == null ? null : Seal.answering(task.seal);
    }

    /** The answer for {@code task} from its engine job's result, which kept its chunk results. */
    static PieceResult of(PieceTask task, JobResult r) {
        Outcome o = switch (r.status()) {
            case COMPLETED -> Outcome.COMPLETED;
            case FOUND -> Outcome.FOUND;
            case CANCELLED -> Outcome.CANCELLED;
            case FAILED -> Outcome.FAILED;
        };
        List<long[]> parts = r.chunkResults();
        int w = r.layout().words();
        BitSet in = new BitSet(parts.size());
        long n = 0;
        for (int c = 0; c < parts.size(); c++) {
            if (parts.get(c) != null) {
                in.set(c);
                n++;
            }
        }
        long[] words = new long[Math.toIntExact(n * w)];
        int at = 0;
        for (long[] part : parts) {
            if (part != null) {
                System.arraycopy(part, 0, words, at, w);
                at += w;
            }
        }
        // one bit per chunk, the trailing zero words too (the reader checks the length)
        long[] bits = Arrays.copyOf(in.toLongArray(), (parts.size() + 63) / 64);
        return new PieceResult(task, o, w, parts.size(), bits, words, r.seconds(), null);
    }

    /** Whether chunk {@code c} of the piece has its result here. */
    boolean includes(int c) {
        int word = c >>> 6;
        return word < included.length && (included[word] & 1L << c) != 0;
    }

    /** Chunks with their result here. */
    int includedChunks() {
        return BitSet.valueOf(included).cardinality();
    }

    @Override
    public String type() {
        return "piece-result";
    }

    @Override
    public Seal seal() {
        return seal;
    }

    @Override
    public void feed(Canonical c) {
        c.putInt(piece).putInt(attempt).putInt(outcome.ordinal()).putLong(units).putDouble(seconds).putString(error)
                .putInt(resultWords).putInt(chunks).putLongs(included).putLongs(words);
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.PIECE_RESULT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(piece);
        out.writeInt(attempt);
        out.writeInt(outcome.ordinal());
        out.writeLong(units);
        out.writeDouble(seconds);
        out.writeString(error);
        out.writeInt(resultWords);
        out.writeInt(chunks);
        writeLongs(out, included);
        writeLongs(out, words);
        Seal.write(out, seal);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        piece = in.readInt();
        attempt = in.readInt();
        int o = in.readInt();
        Outcome[] all = Outcome.values();
        if (o < 0 || o >= all.length) {
            throw new IOException("unknown piece outcome " + o);
        }
        outcome = all[o];
        units = in.readLong();
        seconds = in.readDouble();
        error = in.readString();
        resultWords = in.readInt();
        chunks = in.readInt();
        if (resultWords < 0 || resultWords > ResultLayout.MAX_WORDS || chunks < 0 || chunks > EngineConfig.CHUNK_CAPACITY) {
            throw new IOException("a piece result of " + chunks + " chunks of " + resultWords + " words");
        }
        included = readLongs(in, (chunks + 63) / 64);
        BitSet present = BitSet.valueOf(included);
        if (present.length() > chunks) {
            throw new IOException("a piece result includes chunks beyond its " + chunks);
        }
        // the words' length follows from the shape, and is bounded by one job's chunk results before
        // they are allocated (not readLongArray): a forged length must not make the submitter allocate gigabytes
        int n = present.cardinality();
        if (n > ChunkGrid.maxChunks(resultWords, EngineConfig.CHUNK_CAPACITY)) {
            throw new IOException("a piece result of " + n + " chunks of " + resultWords + " words (more than one job may have)");
        }
        words = readLongs(in, (long) n * resultWords);
        seal = Seal.read(in);
    }

    private static void writeLongs(ObjectDataOutput out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long x : v) {
            out.writeLong(x);
        }
    }

    /** Reads an array written by {@link #writeLongs} that must have {@code length} elements (checked before it is allocated). */
    private static long[] readLongs(ObjectDataInput in, long length) throws IOException {
        int n = in.readInt();
        if (n != length) {
            throw new IOException("an array of " + n + " words where " + length + " belong");
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readLong();
        }
        return v;
    }
}
