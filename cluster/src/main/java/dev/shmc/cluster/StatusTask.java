package dev.shmc.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.concurrent.Callable;

/** Asks a member for its {@link MemberStatus} ({@code shmc cluster status}). No fields. */
final class StatusTask implements Callable<MemberStatus>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private transient HazelcastInstance hz;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public MemberStatus call() {
        return MemberNode.of(hz).status();
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
    public void writeData(ObjectDataOutput out) {
        // nothing to send
    }

    @Override
    public void readData(ObjectDataInput in) {
        // nothing sent
    }
}
