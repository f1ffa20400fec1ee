package dev.shmc.cli.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the host offers, read from /proc and /sys (Linux): the CPU's model, vector extensions and
 * caches, the cgroup's memory and CPU limits (v2 and v1), transparent and reserved huge pages, and
 * a mount's file system. Every reader returns empty (or an empty list) for what it cannot read
 * (another system, a container that hides it): a figure is never guessed.
 */
public final class HostFacts {
    /** cgroup v1 writes "no limit" as a number near 2^63. */
    private static final long NO_LIMIT = Long.MAX_VALUE / 2;

    private HostFacts() {
    }

    /** The first line of /proc/cpuinfo with {@code key} (say "model name"), its value. */
    public static Optional<String> cpuInfo(String key) {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** The CPU's flags (/proc/cpuinfo), sorted. */
    public static Set<String> cpuFlags() {
        return new TreeSet<>(List.of(cpuInfo("flags").orElse("").split("\\s+")));
    }

    /** The widest x86 vector extension of {@code flags}: AVX-512F, AVX2, AVX, SSE4.2, or empty. */
    public static Optional<String> widestVectorExtension(Set<String> flags) {
        if (flags.contains("avx512f")) {
            return Optional.of("AVX-512 (512-bit)");
        }
        if (flags.contains("avx2")) {
            return Optional.of("AVX2 (256-bit)");
        }
        if (flags.contains("avx")) {
            return Optional.of("AVX (256-bit, no integer)");
        }
        return flags.contains("sse4_2") ? Optional.of("SSE4.2 (128-bit)") : Optional.empty();
    }

    /** The memory limit of this process's cgroup in bytes (v2 memory.max, else v1 memory.limit_in_bytes); empty when there is none. */
    public static Optional<Long> cgroupMemoryLimit() {
        Optional<String> v = cgroupFile("memory.max", "memory", "memory.limit_in_bytes").flatMap(HostFacts::first);
        if (v.isEmpty() || v.get().equals("max")) {
            return Optional.empty();
        }
        try {
            long limit = Long.parseLong(v.get());
            return limit >= NO_LIMIT ? Optional.empty() : Optional.of(limit);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The CPU limit of this process's cgroup in cores (v2 cpu.max, else v1 cfs quota / period); empty when there is none. */
    public static Optional<Double> cgroupCpuLimit() {
        Optional<Path> file = cgroupFile("cpu.max", "cpu", "cpu.cfs_quota_us");
        Optional<String> v = file.flatMap(HostFacts::first);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (file.get().getFileName().toString().equals("cpu.max")) {
                String[] parts = v.get().split("\\s+");
                return parts[0].equals("max") || parts.length < 2 ? Optional.empty()
                        : Optional.of(Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]));
            }
            long quota = Long.parseLong(v.get());
            Optional<String> period = first(file.get().resolveSibling("cpu.cfs_period_us"));
            return quota <= 0 || period.isEmpty() ? Optional.empty() : Optional.of((double) quota / Long.parseLong(period.get()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The first cgroup file that exists of: {@code v2File} in the unified hierarchy at this
     * process's cgroup and at its root (a container sees its own cgroup as the root), then
     * {@code v1File} in the {@code v1Controller}'s hierarchy, likewise.
     */
    private static Optional<Path> cgroupFile(String v2File, String v1Controller, String v1File) {
        Path root = Path.of("/sys/fs/cgroup");
        List<Path> v2 = new ArrayList<>();
        List<Path> v1 = new ArrayList<>();
        for (String line : lines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String rel = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2.add(root.resolve(rel).resolve(v2File));
                v2.add(root.resolve(v2File));
            } else if (List.of(parts[1].split(",")).contains(v1Controller)) {
                v1.add(root.resolve(v1Controller).resolve(rel).resolve(v1File));
                v1.add(root.resolve(v1Controller).resolve(v1File));
            }
        }
        v2.addAll(v1);
        return v2.stream().filter(Files::isRegularFile).findFirst();
    }

    /** Transparent huge pages: the modes of /sys/kernel/mm/transparent_hugepage/{enabled, shmem_enabled}, the chosen one in brackets. */
    public static Map<String, String> transparentHugePages() {
        Map<String, String> m = new LinkedHashMap<>();
        first(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).ifPresent(v -> m.put("enabled", chosen(v)));
        first(Path.of("/sys/kernel/mm/transparent_hugepage/shmem_enabled")).ifPresent(v -> m.put("shmem", chosen(v)));
        return m;
    }

    private static String chosen(String modes) {
        int open = modes.indexOf('[');
        int close = modes.indexOf(']');
        return open >= 0 && close > open ? modes.substring(open + 1, close) : modes;
    }

    /** A mount's file system: its type (from /proc/mounts), total and usable bytes. */
    public record FileSystem(String type, long totalBytes, long usableBytes) {
    }

    /** The file system {@code dir} is on, or empty when {@code dir} does not exist. */
    public static Optional<FileSystem> fileSystem(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return Optional.of(new FileSystem(store.type(), store.getTotalSpace(), store.getUsableSpace()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> first(Path file) {
        List<String> l = lines(file);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0).strip());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
