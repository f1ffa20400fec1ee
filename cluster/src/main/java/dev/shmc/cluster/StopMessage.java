package dev.shmc.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * A job's stop, broadcast on {@link ClusterConfig#STOP_TOPIC} by its submitter (a cancel) or by
 * the member whose piece found the answer. Sealed: members ignore a stop that does not verify,
 * so that nobody without the key can cancel a job.
 */
final class StopMessage implements IdentifiedDataSerializable, Sealed {
    String jobId;
    Seal seal;

    /** For deserialization. */
    StopMessage() {
    }

    /** A new stop of {@code jobId} (unsigned until {@link ClusterKey#sign}). */
    StopMessage(String jobId) {
        this.jobId = jobId;
        this.seal = Seal.fresh();
    }

    @Override
    public String type() {
        return "stop";
    }

    @Override
    public Seal seal() {
        return seal;
    }

    @Override
    public void feed(Canonical c) {
        c.putString(jobId);
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.STOP_MESSAGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(jobId);
        Seal.write(out, seal);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        jobId = in.readString();
        seal = Seal.read(in);
    }
}
