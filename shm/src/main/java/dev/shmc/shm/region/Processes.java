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
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis == 0) {
            return true;
        }
        long actual = startMillis(handle.get());
        return actual == 0 || Math.abs(actual - startMillis) <= START_TOLERANCE_MS;
    }
}
