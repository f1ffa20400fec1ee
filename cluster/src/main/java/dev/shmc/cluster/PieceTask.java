package dev.shmc.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Schedule;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One piece of a cluster job, sent to one member: the job's kernel, seed, parameters and chunk
 * size (of the job's grid, {@link dev.shmc.engine.api.ChunkGrid}) over a run of whole chunks
 * [from, to) of its units. The member runs it as a job of its own engine with that chunk size, so
 * that it computes the very chunks one host would, and answers with their results, each on its
 * own ({@link PieceResult}); the submitter folds every chunk in the job's chunk order. Sealed with
 * the cluster key: the member runs nothing of a piece that does not verify.
 */
final class PieceTask implements Callable<PieceResult>, IdentifiedDataSerializable, HazelcastInstanceAware, Sealed {
    String jobId;
    int piece;
    int attempt;
    String kernelClass;
    String label;
    long from;
    long to;
    long chunkSize;
    int schedule;
    long seed;
    byte[] params;
    Seal seal;
    private transient HazelcastInstance hz;

    /** For deserialization. */
    PieceTask() {
    }

    /** Piece {@code piece} of job {@code jobId}: units [from, to), whole chunks of {@code chunkSize} units of the job's grid. */
    PieceTask(String jobId, int piece, int attempt, JobSpec spec, long chunkSize, long from, long to) {
        this.jobId = jobId;
        this.piece = piece;
        this.attempt = attempt;
        this.kernelClass = spec.kernelClass();
        this.label = spec.label();
        this.from = from;
        this.to = to;
        this.chunkSize = chunkSize;
        this.schedule = spec.schedule().ordinal();
        this.seed = spec.seed();
        this.params = spec.params().encode();
        this.seal = Seal.fresh();
    }

    /** The piece as a job of the member's engine: the job's chunks, each chunk's result kept. */
    JobSpec spec() {
        Schedule[] schedules = Schedule.values();
        if (schedule < 0 || schedule >= schedules.length) {
            throw new IllegalArgumentException("unknown schedule " + schedule);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("a piece needs the job's chunk size, not " + chunkSize);
        }
        JobSpec.Builder b = JobSpec.builder(kernelClass).units(from, to).chunkSize(chunkSize).schedule(schedules[schedule]).seed(seed)
                .label(label + " piece " + piece).keepChunkResults();
        b.params(Params.decode(params)); // the engine's reserved ones too (a kernel given as method references)
        return b.build();
    }

    /** Chunks of the piece: its units in chunks of the job's chunk size. */
    long chunks() {
        return to <= from || chunkSize < 1 ? 0 : (to - from - 1) / chunkSize + 1;
    }

    @Override
    public String type() {
        return "piece";
    }

    @Override
    public Seal seal() {
        return seal;
    }

    @Override
    public void feed(Canonical c) {
        c.putString(jobId).putInt(piece).putInt(attempt).putString(kernelClass).putString(label).putLong(from).putLong(to)
                .putLong(chunkSize).putInt(schedule).putLong(seed).putBytes(params);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public PieceResult call() {
        return MemberNode.of(hz).runPiece(this);
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.PIECE_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(jobId);
        out.writeInt(piece);
        out.writeInt(attempt);
        out.writeString(kernelClass);
        out.writeString(label);
        out.writeLong(from);
        out.writeLong(to);
        out.writeLong(chunkSize);
        out.writeInt(schedule);
        out.writeLong(seed);
        out.writeByteArray(params);
        Seal.write(out, seal);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        jobId = in.readString();
        piece = in.readInt();
        attempt = in.readInt();
        kernelClass = in.readString();
        label = in.readString();
        from = in.readLong();
        to = in.readLong();
        chunkSize = in.readLong();
        schedule = in.readInt();
        seed = in.readLong();
        params = in.readByteArray();
        seal = Seal.read(in);
    }
}
