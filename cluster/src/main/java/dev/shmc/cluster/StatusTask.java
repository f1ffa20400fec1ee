package dev.shmc.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Asks a member for its {@link MemberStatus} ({@code shmc cluster status}). No fields but its
 * seal: only holders of the cluster key may read what a member runs.
 */
final class StatusTask implements Callable<StatusAnswer>, IdentifiedDataSerializable, HazelcastInstanceAware, Sealed {
    Seal seal;
    private transient HazelcastInstance hz;

    /** For deserialization. */
    StatusTask() {
    }

    /** A new request (unsigned until {@link ClusterKey#sign}). */
    static StatusTask create() {
        StatusTask t = new StatusTask();
        t.seal = Seal.fresh();
        return t;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public StatusAnswer call() {
        return MemberNode.of(hz).status(this);
    }

    @Override
    public String type() {
        return "status";
    }

    @Override
    public Seal seal() {
        return seal;
    }

    @Override
    public void feed(Canonical c) {
        // nothing but the seal
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.STATUS_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Seal.write(out, seal);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        seal = Seal.read(in);
    }
}
