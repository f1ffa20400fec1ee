package dev.shmc.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.shmc.engine.api.JobResult;
import java.io.IOException;

/**
 * What a member answers for a {@link PieceTask}: how the piece ended and its combined result
 * words. A kernel that threw is reported as {@link Outcome#FAILED} with the member's message (the
 * job fails); a member that is shutting down answers {@link Outcome#LEAVING} (the piece is re-run
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
        /** Stopped by a broadcast stop; the words hold the part computed. */
        CANCELLED,
        /** A kernel threw; {@link #error} says what. */
        FAILED,
        /** The member is shutting down and did not run it. */
        LEAVING
    }

    int piece;
    int attempt;
    Outcome outcome;
    long[] words;
    long units;
    double seconds;
    String error;
    Seal seal;

    /** For deserialization. */
    PieceResult() {
    }

    PieceResult(PieceTask task, Outcome outcome, long[] words, double seconds, String error) {
        this.piece = task.piece;
        this.attempt = task.attempt;
        this.outcome = outcome;
        this.words = words;
        this.units = task.to - task.from;
        this.seconds = seconds;
        this.error = error;
        this.seal = task.seal == null ? null : Seal.answering(task.seal);
    }

    static PieceResult of(PieceTask task, JobResult r) {
        Outcome o = switch (r.status()) {
            case COMPLETED -> Outcome.COMPLETED;
            case FOUND -> Outcome.FOUND;
            case CANCELLED -> Outcome.CANCELLED;
            case FAILED -> Outcome.FAILED;
        };
        return new PieceResult(task, o, r.words(), r.seconds(), null);
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
        c.putInt(piece).putInt(attempt).putInt(outcome.ordinal()).putLongs(words).putLong(units).putDouble(seconds).putString(error);
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
        out.writeLongArray(words);
        out.writeLong(units);
        out.writeDouble(seconds);
        out.writeString(error);
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
        words = in.readLongArray();
        units = in.readLong();
        seconds = in.readDouble();
        error = in.readString();
        seal = Seal.read(in);
    }
}
