package dev.shmc.shm.region;

import java.time.Instant;
import java.util.Optional;

/** Identity and liveness of processes, robust against PID reuse (a PID plus its start time). */
public final class Processes {
    private Processes() {
    }

    /** Tolerance when comparing start times read at different moments (they come from /proc in clock ticks). */
    private static final long START_TOLERANCE_MS = 1000;

    private static final long SELF_PID = ProcessHandle.current().pid();
    private static final long SELF_START_MS = startMillis(ProcessHandle.current());

    public static long selfPid() {
        return SELF_PID;
    }

    /** Start time of this process, epoch milliseconds. */
    public static long selfStartMillis() {
        return SELF_START_MS;
    }

    static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * True when process {@code pid} is alive and, if {@code startMillis} is known (non-zero), is
     * the same process that started then (not a later process that reused the PID).
     */
    public static boolean isAlive(long pid, long startMillis) {
        long actual = startMillisOf(pid);
        if (actual < 0) {
            return false;
        }
        return startMillis == 0 || actual == 0 || Math.abs(actual - startMillis) <= START_TOLERANCE_MS;
    }

    /**
     * The low 32 bits of a start time (epoch ms), 0 meaning unknown: small enough to share one
     * atomic word with a PID, and still enough to tell a process from a later one that reused its
     * PID (a stamp repeats only every 49.7 days).
     */
    public static int startStamp(long startMillis) {
        return (int) startMillis;
    }

    /**
     * Like {@link #isAlive(long, long)} with a {@link #startStamp start stamp} instead of the full
     * start time: true when {@code pid} is alive and, if {@code startStamp} is non-zero, started at
     * that time (modulo 2^32 ms).
     */
    public static boolean isAliveWithStartStamp(long pid, int startStamp) {
        long actual = startMillisOf(pid);
        if (actual < 0) {
            return false;
        }
        // the difference modulo 2^32, as a signed int: exact while the real difference is small
        long difference = (int) (actual - startStamp);
        return startStamp == 0 || actual == 0 || Math.abs(difference) <= START_TOLERANCE_MS;
    }

    /** Start time (epoch ms) of process {@code pid}: -1 when it is not alive, 0 when alive but unknown. */
    private static long startMillisOf(long pid) {
        if (pid <= 0) {
            return -1;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return -1;
        }
        return startMillis(handle.get());
    }
}
