package dev.shmc.cli.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a process's memory figures, and the memory available, from /proc (Linux): the
 * {@code key: value [kB]} lines of {@code /proc/PID/status}, {@code /proc/PID/smaps_rollup} and
 * {@code /proc/meminfo}, in bytes. Figures that are absent (another system, a process that is
 * gone, an older kernel) are left out, never guessed.
 */
public final class ProcessMemory {
    private static final List<String> STATUS_KEYS = List.of("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem");
    private static final List<String> ROLLUP_KEYS = List.of("Rss", "Pss", "Pss_Anon", "Pss_File", "Pss_Shmem", "Shared_Clean",
            "Shared_Dirty", "Private_Clean", "Private_Dirty", "Anonymous");

    private ProcessMemory() {
    }

    /**
     * The figures of process {@code pid}: {@code role}, {@code pid}, and the sections {@code status}
     * and {@code smapsRollup}, each keyed by the /proc names, in bytes.
     */
    public static Map<String, Object> read(long pid, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("pid", pid);
        Map<String, Object> status = new LinkedHashMap<>();
        parse(Path.of("/proc", Long.toString(pid), "status"), STATUS_KEYS, status);
        Map<String, Object> rollup = new LinkedHashMap<>();
        parse(Path.of("/proc", Long.toString(pid), "smaps_rollup"), ROLLUP_KEYS, rollup);
        m.put("status", status);
        m.put("smapsRollup", rollup);
        return m;
    }

    /** The figure {@code key} of a process {@link #read}, from either section, in bytes; -1 when absent. */
    @SuppressWarnings("unchecked")
    public static long bytes(Map<String, Object> process, String key) {
        for (String section : new String[] {"status", "smapsRollup"}) {
            Object v = ((Map<String, Object>) process.get(section)).get(key);
            if (v instanceof Long l) {
                return l;
            }
        }
        return -1;
    }

    /** The figures {@code keys} of /proc/meminfo (bytes for kB figures, else counts); absent ones left out. */
    public static Map<String, Long> memInfo(List<String> keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        parse(Path.of("/proc/meminfo"), keys, m);
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, (Long) v));
        return out;
    }

    /** MemAvailable from /proc/meminfo in bytes, or -1 when unknown. */
    public static long memAvailable() {
        Map<String, Object> m = new LinkedHashMap<>();
        parse(Path.of("/proc/meminfo"), List.of("MemAvailable"), m);
        return m.get("MemAvailable") instanceof Long l ? l : -1;
    }

    private static void parse(Path file, List<String> keys, Map<String, Object> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return; // not Linux, or the process is gone
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !keys.contains(line.substring(0, colon))) {
                continue;
            }
            String[] parts = line.substring(colon + 1).strip().split("\\s+");
            try {
                long v = Long.parseLong(parts[0]);
                into.put(line.substring(0, colon), parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? v * 1024 : v);
            } catch (NumberFormatException ignored) {
                // not a number: skip
            }
        }
    }
}
