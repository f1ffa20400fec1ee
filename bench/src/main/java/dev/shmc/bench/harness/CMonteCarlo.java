package dev.shmc.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One of the anchors' C Monte Carlo programs ({@code mc-avx2.c}, or {@code mc-simd.c} at 8 lanes),
 * compiled here with the anchors script's flags, so that a suite can run it next to each of its own
 * jobs with the same samples and workers: like with like, where the anchors script runs 1e9 samples
 * (half a second with 2 processes) before and after the suites. The binary lives in a temporary
 * directory of its own, which {@link #close} removes.
 */
public final class CMonteCarlo implements AutoCloseable {
    private static final Pattern RATE = Pattern.compile("seconds=([0-9.]+) rate=([0-9.]+) Msamples/s");
    private static final long COMPILE_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final Path binary;
    private final String name;

    private CMonteCarlo(Path dir, Path binary, String name) {
        this.dir = dir;
        this.binary = binary;
        this.name = name;
    }

    /**
     * Compiles {@code mc-simd.c} at 8 lanes when {@code eightLanes} (512-bit vectors where the CPU
     * has AVX-512), else {@code mc-avx2.c}, from the anchors' directory; empty when the source or
     * gcc is missing or the compilation fails.
     */
    public static Optional<CMonteCarlo> compile(Path anchorsDir, boolean eightLanes) {
        Path source = anchorsDir.resolve(eightLanes ? "mc-simd.c" : "mc-avx2.c");
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("shmc-bench-c");
            Path binary = dir.resolve("mc");
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O3", "-march=native"));
            if (eightLanes) {
                cmd.add("-DLANES=8");
            }
            cmd.addAll(List.of("-o", binary.toString(), source.toString()));
            if (Commands.output(cmd, COMPILE_TIMEOUT_SECONDS).isEmpty() || !Files.isExecutable(binary)) {
                delete(dir);
                return Optional.empty();
            }
            return Optional.of(new CMonteCarlo(dir, binary, eightLanes ? "C 8-lane SIMD xoshiro256+" : "C AVX2 xoshiro256+"));
        } catch (IOException e) {
            delete(dir);
            return Optional.empty();
        }
    }

    /** What it is, as the summary names its anchor. */
    public String name() {
        return name;
    }

    /**
     * Its rate, million samples per second as it reports it, for {@code samples} with
     * {@code workers} processes; empty when it fails or outlasts {@code timeoutSeconds}.
     */
    public OptionalDouble rate(long samples, int workers, long timeoutSeconds) {
        Optional<String> out = Commands.output(List.of(binary.toString(), Long.toString(samples), Integer.toString(workers), "1"),
                timeoutSeconds);
        Matcher m = RATE.matcher(out.orElse(""));
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(2))) : OptionalDouble.empty();
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a few KB left in java.io.tmpdir: harmless
        }
    }

    /** Removes the binary and its directory. */
    @Override
    public void close() {
        delete(dir);
    }
}
