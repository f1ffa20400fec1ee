package dev.shmc.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outside references (../shared/anchors/run-anchors.sh: C Monte Carlo scalar and AVX2, C
 * memory bandwidth over /dev/shm, primesieve, NumPy) run in the same {@code shmc bench} run, and
 * their figures parsed by a key:
 * <ul>
 *   <li>{@code c-xoshiro.w<W>.rate}, {@code c-avx2.w<W>.rate}, {@code c-simd8.w<W>.rate} (mc-simd.c at 8 lanes):
 *       Monte Carlo samples per second (millions)</li>
 *   <li>{@code c-bandwidth.t<T>.gbps}: best sum bandwidth, GB/s</li>
 *   <li>{@code primesieve.t<T>.seconds}: time to count the primes up to 1e10</li>
 *   <li>{@code numpy.pcg64.rate}, {@code numpy.legacy.rate}: NumPy Monte Carlo, millions of samples per second, with
 *       {@code numpy.pcg64.procs} processes</li>
 *   <li>{@code numpy.copy.seconds|gbps}, {@code numpy.shm.seconds|gbps}: NumPy sum of 800 MB with 2 workers, pickled through pipes or in shared_memory</li>
 * </ul>
 */
public final class Anchors {
    private static final Pattern C_MC = Pattern.compile("^(c-xoshiro|c-avx2-xoshiro|c-simd\\d+-xoshiro) workers=(\\d+) .*seconds=([0-9.]+) rate=([0-9.]+) Msamples/s");
    private static final Pattern C_BW = Pattern.compile("^c-bandwidth threads=(\\d+) .*best=([0-9.]+) GB/s");
    private static final Pattern PRIMESIEVE = Pattern.compile("^primesieve count<=(\\S+) threads=(\\d+) seconds=([0-9.]+)");
    private static final Pattern NUMPY_PI = Pattern.compile("^numpy procs=(\\d+) .*time=([0-9.]+)s rate=([0-9.]+) M samples/s (\\S+)");
    private static final Pattern NUMPY_COPY = Pattern.compile("^copy-based \\(pickle via pipe\\) (\\d+) workers: ([0-9.]+)s .*eff ([0-9.]+) GB/s");
    private static final Pattern NUMPY_SHM = Pattern.compile("^shared_memory (\\d+) workers: ([0-9.]+)s .*eff ([0-9.]+) GB/s");

    private final Map<String, Double> values;
    private final List<String> lines;
    private final String status;
    /** The script that measured them, null when none ran. */
    private final Path script;

    private Anchors(Map<String, Double> values, List<String> lines, String status, Path script) {
        this.values = values;
        this.lines = lines;
        this.status = status;
        this.script = script;
    }

    /** No anchors (not asked for). */
    public static Anchors none() {
        return new Anchors(Map.of(), List.of(), "not run (use --anchors)", null);
    }

    /** Parses the script's output lines. */
    public static Anchors parse(List<String> output, String status) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (String raw : output) {
            String line = raw.strip();
            Matcher m;
            if ((m = C_MC.matcher(line)).find()) {
                String k = m.group(1).equals("c-xoshiro") ? "c-xoshiro" : m.group(1).replace("-xoshiro", "");
                v.put(k + ".w" + m.group(2) + ".rate", Double.parseDouble(m.group(4)));
                v.put(k + ".w" + m.group(2) + ".seconds", Double.parseDouble(m.group(3)));
            } else if ((m = C_BW.matcher(line)).find()) {
                v.put("c-bandwidth.t" + m.group(1) + ".gbps", Double.parseDouble(m.group(2)));
            } else if ((m = PRIMESIEVE.matcher(line)).find()) {
                v.put("primesieve.t" + m.group(2) + ".seconds", Double.parseDouble(m.group(3)));
                v.put("primesieve.limit", parseNumber(m.group(1)));
            } else if ((m = NUMPY_PI.matcher(line)).find()) {
                v.put("numpy." + m.group(4) + ".rate", Double.parseDouble(m.group(3)));
                v.put("numpy." + m.group(4) + ".procs", Double.parseDouble(m.group(1)));
            } else if ((m = NUMPY_COPY.matcher(line)).find()) {
                v.put("numpy.copy.seconds", Double.parseDouble(m.group(2)));
                v.put("numpy.copy.gbps", Double.parseDouble(m.group(3)));
            } else if ((m = NUMPY_SHM.matcher(line)).find()) {
                v.put("numpy.shm.seconds", Double.parseDouble(m.group(2)));
                v.put("numpy.shm.gbps", Double.parseDouble(m.group(3)));
            }
        }
        return new Anchors(v, List.copyOf(output), status, null);
    }

    private static double parseNumber(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The script: {@code shmc.home}/../shared/anchors/run-anchors.sh, else ../shared/anchors from the current directory. */
    public static Optional<Path> findScript() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("shmc.home");
        if (home != null) {
            candidates.add(Path.of(home).resolve("../shared/anchors/run-anchors.sh").normalize());
        }
        candidates.add(Path.of("").toAbsolutePath().resolve("../shared/anchors/run-anchors.sh").normalize());
        candidates.add(Path.of("").toAbsolutePath().resolve("../../shared/anchors/run-anchors.sh").normalize());
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * Runs {@code script SAMPLES WORKERS} with bash, passing each output line to {@code progress},
     * for at most {@code timeoutSeconds}.
     */
    public static Anchors run(Path script, String samples, int workers, long timeoutSeconds, Consumer<String> progress) {
        List<String> out = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("bash", script.toString(), samples, Integer.toString(workers)).redirectErrorStream(true).start();
            Thread reader = Thread.ofPlatform().daemon().name("anchors-output").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (out) {
                            out.add(line);
                        }
                        progress.accept(line);
                    }
                } catch (IOException ignored) {
                    // the script is gone
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                reader.join(2000);
                return parse(snapshot(out), "timed out after " + timeoutSeconds + " s (partial)").from(script);
            }
            reader.join(5000);
            int code = p.exitValue();
            return parse(snapshot(out), code == 0 ? "ok" : "exit code " + code + " (partial)").from(script);
        } catch (IOException e) {
            return parse(snapshot(out), "could not run: " + e.getMessage()).from(script);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return parse(snapshot(out), "interrupted").from(script);
        }
    }

    private Anchors from(Path scriptRun) {
        return new Anchors(values, lines, status, scriptRun);
    }

    private static List<String> snapshot(List<String> out) {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /**
     * The better figure of two runs for each key (the higher rate or bandwidth, the lower time):
     * on a machine shared with other work, the less disturbed run is the fairer reference.
     */
    public static Anchors best(Anchors first, Anchors second) {
        Map<String, Double> v = new LinkedHashMap<>(first.values);
        second.values.forEach((k, x) -> v.merge(k, x, (a, b) -> k.endsWith(".seconds") ? Math.min(a, b)
                : k.endsWith(".rate") || k.endsWith(".gbps") ? Math.max(a, b) : a));
        List<String> lines = new ArrayList<>();
        lines.add("# run 1 (before the suites): " + first.status);
        lines.addAll(first.lines);
        lines.add("# run 2 (after the suites): " + second.status);
        lines.addAll(second.lines);
        String status = first.status.equals("ok") && second.status.equals("ok") ? "ok, best of 2 runs (before and after the suites)"
                : "run 1 " + first.status + ", run 2 " + second.status + "; best of what was measured";
        return new Anchors(v, lines, status, first.script != null ? first.script : second.script);
    }

    /**
     * The directory of the script that measured these figures, whose sources a suite may build to
     * run an anchor next to its own jobs ({@link CMonteCarlo}); empty when none ran.
     */
    public Optional<Path> directory() {
        return script == null ? Optional.empty() : Optional.ofNullable(script.toAbsolutePath().getParent());
    }

    public OptionalDouble get(String key) {
        Double v = values.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public Map<String, Double> values() {
        return values;
    }

    public List<String> lines() {
        return lines;
    }

    public String status() {
        return status;
    }

    public boolean ran() {
        return !lines.isEmpty();
    }

    /** The anchors as a table (key, value). */
    public Table table() {
        Table t = new Table("anchors", "anchor", "value");
        values.forEach((k, v) -> t.add(k, v));
        return t;
    }
}
