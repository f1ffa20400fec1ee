package dev.shmc.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What machine the figures came from: CPU model (from /proc/cpuinfo), cores, RAM, JDK, kernel,
 * and the load average when the run started (other work on the machine skews every figure).
 */
public record Machine(String cpu, int cores, long ramBytes, String jdk, String os, String loadAverage) {
    public static Machine describe() {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), readRamBytes(),
                System.getProperty("java.vm.name", "JVM") + " " + System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadAverageNow());
    }

    private static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
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
