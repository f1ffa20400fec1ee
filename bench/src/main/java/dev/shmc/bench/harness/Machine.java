package dev.shmc.bench.harness;

import dev.shmc.kernels.primes.CacheSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What machine the figures came from: CPU model (from /proc/cpuinfo), cores, RAM, JDK, kernel,
 * and the load average when the run started (other work on the machine skews every figure); and,
 * since a speed claim only holds for the CPU it was measured on, the CPU's family and model, its
 * widest vectors and its caches ({@link #cpuDetail}).
 */
public record Machine(String cpu, int cores, long ramBytes, String jdk, String os, String loadAverage, String cpuDetail) {
    public static Machine describe() {
        List<String> cpuinfo = lines("/proc/cpuinfo");
        return new Machine(cpuModel(cpuinfo), Runtime.getRuntime().availableProcessors(), readRamBytes(),
                System.getProperty("java.vm.name", "JVM") + " " + System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadAverageNow(), cpuDetail(cpuinfo, CacheSizes.all()));
    }

    /**
     * The CPU's family and model, its widest vectors by its flags, and its caches, from the
     * lines of /proc/cpuinfo (its first CPU) and sysfs: for example {@code family 25, model 1;
     * AVX2 (256-bit vectors), no AVX-512; L1d 32 KiB, L1i 32 KiB, L2 512 KiB, L3 32 MiB}. Parts
     * that are not there are left out.
     */
    public static String cpuDetail(List<String> cpuinfo, List<CacheSizes.Cache> caches) {
        String family = null;
        String model = null;
        String flags = null;
        for (String line : cpuinfo) {
            if (line.isBlank() && flags != null) {
                break; // the first CPU's block
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "cpu family" -> family = family == null ? value : family;
                case "model" -> model = model == null ? value : model;
                case "flags" -> flags = flags == null ? " " + value + " " : flags;
                default -> {
                }
            }
        }
        List<String> parts = new ArrayList<>();
        if (family != null && model != null) {
            parts.add("family " + family + ", model " + model);
        }
        if (flags != null) {
            boolean avx512 = flags.contains(" avx512f ");
            parts.add(avx512 ? "AVX-512 (512-bit vectors)" : flags.contains(" avx2 ") ? "AVX2 (256-bit vectors), no AVX-512"
                    : "no AVX2 (128-bit vectors)");
        }
        if (!caches.isEmpty()) {
            parts.add(caches.stream().map(c -> c.label() + " " + size(c.bytes())).collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }

    private static String size(long bytes) {
        return bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes >= 1024 && bytes % 1024 == 0 ? (bytes >> 10) + " KiB"
                : bytes + " B";
    }

    private static String cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                return colon < 0 ? line : line.substring(colon + 1).strip();
            }
        }
        return System.getProperty("os.arch") + " CPU";
    }

    private static long readRamBytes() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.split("\\s+");
                try {
                    return Long.parseLong(parts[1]) * 1024;
                } catch (RuntimeException e) {
                    return 0;
                }
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 0.52 0.40 0.31}. */
    public static String loadAverageNow() {
        List<String> l = lines("/proc/loadavg");
        if (l.isEmpty()) {
            return "?";
        }
        String[] parts = l.get(0).split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** One line for chart captions: {@code AMD EPYC, 2 cores, 23.4 GiB RAM, OpenJDK 64-Bit Server VM 25+36}. */
    public String oneLine() {
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB RAM, %s", cpu, cores, ramBytes / (double) (1L << 30), jdk);
    }
}
