package dev.shmc.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One member as {@code shmc cluster status} shows it: where it is, its engine (workers, mode),
 * the cluster jobs it holds pieces of right now, and what it has done since it started.
 */
public final class MemberStatus {
    private final String address;
    private final long pid;
    private final int workers;
    private final String mode;
    private final long startedMillis;
    private final long piecesDone;
    private final Map<String, Integer> runningJobs;

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
}
