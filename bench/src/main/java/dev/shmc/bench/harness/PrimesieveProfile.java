package dev.shmc.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where primesieve's time goes, by the same tiers as shmc's sieve: primesieve reports only its
 * whole time, so this profiles one single-thread run with {@code perf record -e cpu-clock:u}
 * (user-space samples, which a user may take of their own process where
 * {@code kernel.perf_event_paranoid} is at most 2, also in a virtual machine without hardware
 * counters; as root, always) and adds up the samples of its functions by algorithm:
 * {@code PreSieve} and {@code EratSmall} are the pre-sieve and the small primes, {@code EratMedium}
 * the medium ones, {@code EratBig} the buckets, and its bit counting ({@code popcount},
 * {@code CountPrintPrimes}) the reading of the segment. Everything else (the sieving primes'
 * own sieve, memory, start-up) is "other". Each tier's share times the run's own time is its
 * seconds. Nothing when perf or primesieve is missing, the profile fails, or its functions have
 * no names (a stripped build).
 *
 * @param seconds the profiled run's time as primesieve reports it
 * @param tiers   seconds by tier, in the order of shmc's {@code SegmentedSieve.TIERS}
 */
public record PrimesieveProfile(double seconds, double[] tiers) {
    /** The number of tiers, as in {@code SegmentedSieve.TIERS}. */
    public static final int TIERS = 4;
    private static final Pattern SECONDS = Pattern.compile("Seconds: ([0-9.]+)");
    /** A line of {@code perf report --stdio --sort symbol}: the share, the symbol's kind ([.] user space), the name. */
    private static final Pattern ROW = Pattern.compile("^\\s*([0-9.]+)%\\s+\\[.\\]\\s+(\\S+)");

    public PrimesieveProfile {
        tiers = tiers.clone();
    }

    @Override
    public double[] tiers() {
        return tiers.clone();
    }

    /** Seconds outside the four tiers. */
    public double other() {
        return seconds - Arrays.stream(tiers).sum();
    }

    /**
     * The same shares of {@code total} seconds: primesieve's time by tier for a run of that length,
     * such as the median of the runs timed next to shmc's (a profiled run is one more sample of a
     * noisy machine, and perf's sampling costs a little).
     */
    public PrimesieveProfile scaledTo(double total) {
        double f = total / seconds;
        double[] t = tiers.clone();
        for (int i = 0; i < t.length; i++) {
            t[i] *= f;
        }
        return new PrimesieveProfile(total, t);
    }

    /**
     * Profiles {@code primesieve from to -t1}, each of perf's two steps within
     * {@code timeoutSeconds}; removes perf's data file.
     */
    public static Optional<PrimesieveProfile> measure(long from, long to, long timeoutSeconds) {
        Path data = null;
        try {
            data = Files.createTempFile("shmc-bench-perf", ".data");
            Optional<String> run = Commands.output(List.of("perf", "record", "-e", "cpu-clock:u", "-F", "2000", "-q", "-o", data.toString(),
                    "--", "primesieve", Long.toString(from), Long.toString(to), "-t1", "-q", "--time"), timeoutSeconds);
            if (run.isEmpty()) {
                return Optional.empty();
            }
            Matcher m = SECONDS.matcher(run.get());
            if (!m.find()) {
                return Optional.empty();
            }
            double seconds = Double.parseDouble(m.group(1));
            return Commands.output(List.of("perf", "report", "-i", data.toString(), "--stdio", "--sort", "symbol", "--no-children", "-q"),
                    timeoutSeconds).flatMap(report -> parse(report, seconds));
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (data != null) {
                try {
                    Files.deleteIfExists(data);
                    Files.deleteIfExists(Path.of(data + ".old")); // perf keeps the previous file of that name
                } catch (IOException e) {
                    // a temp file left in java.io.tmpdir: harmless
                }
            }
        }
    }

    /**
     * The profile from {@code perf report}'s text and the run's {@code seconds}: empty when no
     * sample fell in a named tier (no symbols, or not primesieve) or the run took no measurable
     * time (primesieve reports milliseconds).
     */
    public static Optional<PrimesieveProfile> parse(String report, double seconds) {
        double[] share = new double[TIERS];
        double total = 0;
        for (String line : report.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            double percent = Double.parseDouble(m.group(1));
            total += percent;
            int tier = tierOf(m.group(2));
            if (tier >= 0) {
                share[tier] += percent;
            }
        }
        double named = Arrays.stream(share).sum();
        if (named <= 0 || total <= 0 || !(seconds > 0)) {
            return Optional.empty();
        }
        double[] tiers = new double[TIERS];
        for (int i = 0; i < TIERS; i++) {
            tiers[i] = seconds * share[i] / total;
        }
        return Optional.of(new PrimesieveProfile(seconds, tiers));
    }

    /** The tier of one of primesieve's functions (0 pre-sieve and small primes, 1 medium, 2 large, 3 reading), -1 for others. */
    static int tierOf(String symbol) {
        String s = symbol.toLowerCase(Locale.ROOT);
        if (s.contains("presieve") || s.contains("eratsmall")) {
            return 0;
        }
        if (s.contains("eratmedium")) {
            return 1;
        }
        if (s.contains("eratbig")) {
            return 2;
        }
        if (s.contains("popcount") || s.contains("countprintprimes")) {
            return 3;
        }
        return -1;
    }
}
