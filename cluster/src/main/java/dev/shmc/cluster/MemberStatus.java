package dev.shmc.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One member as {@code shmc cluster status} shows it: where it is, its engine (workers, mode),
 * the cluster jobs it holds pieces of right now, and what it has done since it started.
 */
public final class MemberStatus implements IdentifiedDataSerializable {
    private String address;
    private long pid;
    private int workers;
    private String mode;
    private long startedMillis;
    private long piecesDone;
    private Map<String, Integer> runningJobs = new LinkedHashMap<>();

    /** For deserialization. */
    MemberStatus() {
    }

    MemberStatus(String address, long pid, int workers, String mode, long startedMillis, long piecesDone, Map<String, Integer> runningJobs) {
        this.address = address;
        this.pid = pid;
        this.workers = workers;
        this.mode = mode;
        this.startedMillis = startedMillis;
        this.piecesDone = piecesDone;
        this.runningJobs = new LinkedHashMap<>(runningJobs);
    }

    /** The member's address, {@code host:port}. */
    public String address() {
        return address;
    }

    /** PID of the member's JVM on its host. */
    public long pid() {
        return pid;
    }

    /** Workers of its engine. */
    public int workers() {
        return workers;
    }

    /** Where its workers run: {@code processes} or {@code threads}. */
    public String mode() {
        return mode;
    }

    /** When it started (epoch milliseconds, its clock). */
    public long startedMillis() {
        return startedMillis;
    }

    /** Pieces it has finished since it started. */
    public long piecesDone() {
        return piecesDone;
    }

    /** Cluster jobs it holds pieces of now (running or queued on its engine): job id to pieces. */
    public Map<String, Integer> runningJobs() {
        return Map.copyOf(runningJobs);
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.MEMBER_STATUS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(address);
        out.writeLong(pid);
        out.writeInt(workers);
        out.writeString(mode);
        out.writeLong(startedMillis);
        out.writeLong(piecesDone);
        out.writeInt(runningJobs.size());
        for (Map.Entry<String, Integer> e : runningJobs.entrySet()) {
            out.writeString(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        address = in.readString();
        pid = in.readLong();
        workers = in.readInt();
        mode = in.readString();
        startedMillis = in.readLong();
        piecesDone = in.readLong();
        int n = in.readInt();
        runningJobs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            runningJobs.put(in.readString(), in.readInt());
        }
    }
}
