package dev.shmc.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member's answer to a {@link StatusTask}: its {@link MemberStatus} on the wire, sealed by the
 * member with the nonce of the request, so that the submitter lists only members that hold the key.
 */
final class StatusAnswer implements IdentifiedDataSerializable, Sealed {
    String address;
    long pid;
    int workers;
    String mode;
    long startedMillis;
    long piecesDone;
    Map<String, Integer> runningJobs = new LinkedHashMap<>();
    Seal seal;

    /** For deserialization. */
    StatusAnswer() {
    }

    StatusAnswer(StatusTask request, MemberStatus s) {
        this.address = s.address();
        this.pid = s.pid();
        this.workers = s.workers();
        this.mode = s.mode();
        this.startedMillis = s.startedMillis();
        this.piecesDone = s.piecesDone();
        this.runningJobs = new LinkedHashMap<>(s.runningJobs());
        this.seal = request.seal == null ? null : Seal.answering(request.seal);
    }

    MemberStatus status() {
        return new MemberStatus(address, pid, workers, mode, startedMillis, piecesDone, runningJobs);
    }

    @Override
    public String type() {
        return "member-status";
    }

    @Override
    public Seal seal() {
        return seal;
    }

    @Override
    public void feed(Canonical c) {
        c.putString(address).putLong(pid).putInt(workers).putString(mode).putLong(startedMillis).putLong(piecesDone).putInt(runningJobs.size());
        for (Map.Entry<String, Integer> e : runningJobs.entrySet()) {
            c.putString(e.getKey()).putInt(e.getValue());
        }
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.STATUS_ANSWER;
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
        Seal.write(out, seal);
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
        seal = Seal.read(in);
    }
}
