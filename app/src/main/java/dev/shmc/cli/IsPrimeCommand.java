package dev.shmc.cli;

import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.jobs.TrialDivisionKernel;
import dev.shmc.kernels.primes.Primality.Status;
import dev.shmc.kernels.primes.Primality.Verdict;
import dev.shmc.kernels.primes.Primality;
import dev.shmc.kernels.primes.PrimesConfig;
import dev.shmc.kernels.primes.TrialDivision;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code shmc is-prime N}: exact below 2^64 (Miller-Rabin, or trial division over the workers
 * that stops early), a Baillie-PSW probable prime beyond.
 *
 * <p>{@code --json} writes N and the factor as JSON numbers, exact at any size (parsers that read
 * numbers into doubles, such as JavaScript's, lose digits above 2^53; Jackson reads at most 1000
 * digits unless told otherwise), and {@code certainty}: {@code deterministic} for a proven answer
 * (every answer below 2^64, and every "composite": a factor or a Miller-Rabin witness proves it),
 * {@code probable} for a probable prime.
 */
@Command(name = "is-prime", mixinStandardHelpOptions = true, description = {
        "Tell whether N is prime, for N from 0 up to " + IsPrimeCommand.MAX_DIGITS + " digits.",
        "Below 2^64 (18446744073709551616) the answer is exact. --method mr (default): Miller-Rabin to the 12 prime "
                + "bases 2..37, deterministic for every 64-bit number; a composite's factor comes from Pollard's rho.",
        "From 2^64 on (--method mr only): a composite is shown with a small factor when trial division by the primes "
                + "below 2^20 or a short run of Pollard's rho finds one, else with a Miller-Rabin witness a (a proof that it "
                + "is composite). A number that passes is \"probably prime\": it passed the Baillie-PSW test (a strong test "
                + "to base 2 and a strong Lucas test), which no known composite passes, but that is not a proof. --json says "
                + "\"certainty\": \"deterministic\" or \"probable\".",
        "--method trial (N below 2^64): the odd candidates up to 2^20 are tried at once in the command (a small factor "
                + "is found in milliseconds, no worker started); the rest, up to sqrt(N), are split into chunks over the workers; "
                + "the worker that finds a factor raises the job's stop flag in shared memory and the others stop at their next poll."},
        footer = {"", "N may be written 1000003, 1_000_003, 1e18, 10^18, or as a power plus or minus a number: 2^64-59, 2^127-1, 2^32+1."})
public final class IsPrimeCommand extends ShmcCommand implements Callable<Integer> {
    /**
     * The most digits N may have. The Baillie-PSW test's cost grows about as the cube of the
     * digits: on the development machine (2 cores, shared) 2^4423 - 1 (1,332 digits) took 3 s
     * and 2^9941 - 1 (2,993 digits) 7 s for the command (5-16 s for the test alone at a load of
     * 9); 10,000 digits would take minutes (BigInteger's modPow alone, about 40 s).
     */
    static final int MAX_DIGITS = 3000;
    /** Largest chunk of --method trial: a 64-bit N has fewer than 2^31 candidates. */
    static final long MAX_CHUNK = 1L << 31;
    /** Numbers of more digits are shortened in the text output (the JSON has them whole). */
    static final int SHOWN_DIGITS = 100;
    private static final BigInteger TWO_TO_64 = Primality.TWO_TO_64;

    @Parameters(paramLabel = "N", description = "The number, 0 or more (1e18, 10^18, 1_000_003, 2^127-1 are accepted).")
    String number;

    @Option(names = "--method", paramLabel = "M", defaultValue = "mr", description = "mr (default) or trial (N below 2^64).")
    String method;

    @Option(names = "--chunk-size", paramLabel = "CANDIDATES", description = "Candidates per chunk for --method trial (at least 1).")
    Long chunkSize;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        BigInteger n = parse(number);
        String m = method.toLowerCase(Locale.ROOT);
        if (!m.equals("mr") && !m.equals("trial")) {
            throw new BadInputException("--method must be mr or trial, got '" + method + "'");
        }
        if (chunkSize != null) {
            Jobs.positive("--chunk-size", chunkSize, MAX_CHUNK);
        }
        job.validate();
        if (m.equals("trial") && n.compareTo(TWO_TO_64) >= 0) {
            throw new BadInputException("--method trial takes N below 2^64; use --method mr");
        }
        long t0 = System.nanoTime();
        if (m.equals("mr")) {
            Verdict v = Primality.test(n);
            print(n, v, m, (System.nanoTime() - t0) / 1e9, null);
            return Main.OK;
        }
        long bits = n.longValue(); // N < 2^64: its unsigned 64 bits
        long small = TrialDivision.smallFactor(bits);
        if (small == 1) {
            print(n, new Verdict(Status.NEITHER, null, 0), m, (System.nanoTime() - t0) / 1e9, null);
            return Main.OK;
        }
        // even, or else a short pass in this thread first: a factor below 2^20 in milliseconds, no worker
        // started; no job either when those were all the candidates (N below about 1.1e12)
        long sequential = Math.min(TrialDivision.candidates(bits), PrimesConfig.TRIAL_SEQUENTIAL_CANDIDATES);
        long early = small != 0 ? small : TrialDivision.findFactor(bits, 0, sequential, () -> false);
        if (early != 0 || sequential == TrialDivision.candidates(bits)) {
            Verdict v = early != 0 ? new Verdict(Status.COMPOSITE, BigInteger.valueOf(early), 0) : new Verdict(Status.PRIME, null, 0);
            print(n, v, m, (System.nanoTime() - t0) / 1e9, null);
            return Main.OK;
        }
        try (JobRunner e = job.start()) {
            JobResult r = job.run(e, TrialDivisionKernel.spec(bits, sequential, chunkSize == null ? 0 : chunkSize), "is-prime");
            JobReport report = new JobReport(e, r);
            if (!report.succeeded()) {
                // a cancelled job has not seen every candidate: no answer
                throw new JobFailedException("trial division of " + n + " ended " + r.status().name().toLowerCase(Locale.ROOT)
                        + " after " + r.chunksDone() + " of " + r.chunks() + " chunks: no answer");
            }
            long factor = r.word(0);
            Verdict v = factor == 0 ? new Verdict(Status.PRIME, null, 0) : new Verdict(Status.COMPOSITE, BigInteger.valueOf(factor), 0);
            print(n, v, m, r.seconds(), report);
            return Main.OK;
        }
    }

    /** Prints the answer; {@code report}: that of the job that found it, or null when no job ran. */
    private void print(BigInteger n, Verdict v, String m, double seconds, JobReport report) {
        if (job.json()) {
            Consumer<Json> answer = j -> {
                j.put("n", n).put("prime", v.prime()).put("factor", v.factor()).put("method", m)
                        .put("certainty", v.status() == Status.PROBABLE_PRIME ? "probable" : "deterministic");
                if (v.status() == Status.PROBABLE_PRIME) {
                    j.put("test", "bpsw");
                }
                if (v.witness() != 0) {
                    j.put("witness", v.witness());
                }
            };
            Json j = report != null ? report.json(answer) : new Json();
            if (report == null) {
                answer.accept(j);
                j.put("seconds", seconds); // no job: the time of the test
            }
            out().println(j);
            return;
        }
        String shown = shown(n);
        String how = String.format("(%s, %.6f s)", m, seconds);
        switch (v.status()) {
            case NEITHER -> out().printf("%s is not prime (%s)%n", shown, m);
            case PRIME -> out().printf("%s is prime %s%n", shown, how);
            case PROBABLE_PRIME -> out().printf("%s is probably prime (BPSW; no counterexample is known, but this is not a proof) %s%n",
                    shown, how);
            case COMPOSITE -> {
                if (v.factor() != null) {
                    out().printf("%s is not prime: %s x %s %s%n", shown, shown(v.factor()), shown(n.divide(v.factor())), how);
                } else if (v.witness() != 0) {
                    out().printf("%s is not prime: composite (Miller-Rabin witness %d; no small factor found) %s%n", shown, v.witness(), how);
                } else {
                    out().printf("%s is not prime: composite (fails the strong Lucas test; no small factor found) %s%n", shown, how);
                }
            }
        }
        if (report != null) {
            report.printText(out());
        }
    }

    /** n in full, or its first and last digits and its length when it has more than {@link #SHOWN_DIGITS}. */
    static String shown(BigInteger n) {
        String s = n.toString();
        if (s.length() <= SHOWN_DIGITS) {
            return s;
        }
        int part = SHOWN_DIGITS / 2 - 5;
        return s.substring(0, part) + "..." + s.substring(s.length() - part) + " (" + s.length() + " digits)";
    }

    static BigInteger parse(String text) {
        BigInteger v;
        try {
            v = Numbers.parseBig(text, MAX_DIGITS);
        } catch (TypeConversionException e) {
            throw new BadInputException("N: " + e.getMessage());
        }
        if (v.signum() < 0) {
            throw new BadInputException("N must not be negative, got " + Numbers.quote(text));
        }
        return v;
    }
}
