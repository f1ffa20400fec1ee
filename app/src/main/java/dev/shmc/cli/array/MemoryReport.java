package dev.shmc.cli.array;

import dev.shmc.cli.proc.ProcessMemory;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.Mode;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory of the coordinator and of each worker process after an {@code shmc array} run, and
 * the totals that show no process holds a copy of the arrays: the processes' proportional share
 * of shared memory (Pss_Shmem) adds up to the arrays' size, while each one's private (anonymous)
 * memory stays small. Arrays in the disk-backed fallback directory are file pages instead
 * (Pss_File, which also counts the JVMs' own mapped files).
 */
public final class MemoryReport {
    private final long arrayBytes;
    private final boolean diskBacked;
    private final List<Map<String, Object>> processes;
    private final long sumPssShmem;
    private final long maxAnonymous;

    private MemoryReport(long arrayBytes, boolean diskBacked, List<Map<String, Object>> processes) {
        this.arrayBytes = arrayBytes;
        this.diskBacked = diskBacked;
        this.processes = processes;
        long pss = 0;
        long anon = 0;
        for (Map<String, Object> p : processes) {
            pss += Math.max(0, ProcessMemory.bytes(p, diskBacked ? "Pss_File" : "Pss_Shmem"));
            anon = Math.max(anon, ProcessMemory.bytes(p, "Anonymous"));
        }
        this.sumPssShmem = pss;
        this.maxAnonymous = anon;
    }

    /**
     * Reads the figures now, of this process and, in processes mode, of every worker of {@code engine}
     * (a local engine, or the service); {@code diskBacked}: the arrays are in the fallback directory.
     */
    public static MemoryReport read(JobRunner engine, long arrayBytes, boolean diskBacked) {
        List<Map<String, Object>> processes = new ArrayList<>();
        processes.add(ProcessMemory.read(Processes.selfPid(), "coordinator"));
        if (engine.mode() == Mode.PROCESSES) {
            for (int w = 0; w < engine.workers(); w++) {
                processes.add(ProcessMemory.read(engine.workerPid(w), "worker " + w));
            }
        }
        return new MemoryReport(arrayBytes, diskBacked, processes);
    }

    /** The report as --json's {@code memory}: arrayBytes, sumPssShmemBytes (or, disk-backed, sumPssFileBytes), maxAnonymousBytes, processes. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arrayBytes", arrayBytes);
        m.put(diskBacked ? "sumPssFileBytes" : "sumPssShmemBytes", sumPssShmem);
        m.put("maxAnonymousBytes", maxAnonymous);
        m.put("processes", processes);
        return m;
    }

    /**
     * Prints a line per process and the totals. {@code explainPrivatePages}: add why pages of the
     * shared array show as Private_* (each worker mapped only its own chunks: a static schedule
     * over several worker processes).
     */
    public void print(PrintWriter out, boolean explainPrivatePages) {
        out.println("memory (from /proc/PID/status and smaps_rollup; " + (diskBacked ? "file = pages of the shared array (disk-backed)"
                : "shmem = pages of the shared array") + ", anonymous = private memory):");
        for (Map<String, Object> p : processes) {
            out.println(String.format("  %-12s pid %-7s peak RSS %9s  RSS %9s = anon %9s + shmem %9s + file %9s | Pss %9s"
                            + "  Private_Dirty %9s  Shared_Dirty %9s", p.get("role"), p.get("pid"), human(p, "VmHWM"), human(p, "VmRSS"),
                    human(p, "RssAnon"), human(p, "RssShmem"), human(p, "RssFile"), human(p, "Pss"), human(p, "Private_Dirty"),
                    human(p, "Shared_Dirty")));
        }
        out.println(String.format("  the array is %s; the processes' Pss of %s adds up to %s and the largest private"
                + " (anonymous) memory is %s: no process holds a copy", Regions.human(arrayBytes),
                diskBacked ? "file pages (the array's and the JVMs' own files)" : "shared memory", Regions.human(sumPssShmem),
                Regions.human(maxAnonymous)));
        if (explainPrivatePages) {
            out.println("  (smaps counts a shared page as Private_* while only one process maps it: with --schedule static each worker"
                    + " maps only its own chunks; --schedule dynamic shows them as Shared_*)");
        }
    }

    private static String human(Map<String, Object> p, String key) {
        long b = ProcessMemory.bytes(p, key);
        return b < 0 ? "?" : Regions.human(b);
    }
}
