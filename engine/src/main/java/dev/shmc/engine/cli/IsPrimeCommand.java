package dev.shmc.engine.cli;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.kernels.TrialDivisionKernel;
import dev.shmc.kernels.primes.MillerRabin;
import dev.shmc.kernels.primes.PollardRho;
import dev.shmc.kernels.primes.TrialDivision;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shmc is-prime N}: Miller-Rabin (instant) or parallel trial division that stops early. */
@Command(name = "is-prime", mixinStandardHelpOptions = true, description = {
        "Tell whether N (0 <= N < 2^63) is prime.",
        "--method mr: deterministic Miller-Rabin for 64-bit numbers (default; a composite's factor comes from Pollard's rho).",
        "--method trial: odd candidates 3..sqrt(N) split into chunks over the workers; the worker that finds a factor",
        "raises the job's stop flag in shared memory and the others stop at their next poll."})
public final class IsPrimeCommand extends ShmcCommand implements Callable<Integer> {
    @Parameters(paramLabel = "N", description = "The number (1e18, 10^18 and 1_000_003 are accepted).")
    String number;

    @Option(names = "--method", paramLabel = "M", defaultValue = "mr", description = "mr (default) or trial.")
    String method;

    @Option(names = "--chunk-size", paramLabel = "CANDIDATES", description = "Candidates per chunk for --method trial.")
    long chunkSize;

    @Mixin
    EngineOptions engine;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        long n = parse(number);
        cluster.validateForJob(engine, null);
        long t0 = System.nanoTime();
        boolean prime;
        long factor;
        String m = method.toLowerCase();
        JobRunner e = null;
        JobResult r = null;
        try {
            switch (m) {
                case "mr" -> {
                    prime = MillerRabin.isPrime(n);
                    factor = prime || n < 2 ? 0 : PollardRho.factor(n);
                }
                case "trial" -> {
                    long small = TrialDivision.smallFactor(n);
                    if (n < 2) {
                        prime = false;
                        factor = 0;
                    } else if (small != 0) {
                        prime = small == n;
                        factor = prime ? 0 : small;
                    } else {
                        if (chunkSize < 0) {
                            throw new BadInputException("--chunk-size must be positive");
                        }
                        e = Jobs.start(engine, cluster, Jobs.registry(cluster, null));
                        r = Jobs.run(e, TrialDivisionKernel.spec(n, chunkSize), "is-prime", engine.json());
                        factor = r.word(0);
                        prime = factor == 0;
                    }
                }
                default -> throw new BadInputException("--method must be mr or trial, got '" + method + "'");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (engine.json()) {
                Json j = new Json().put("n", n).put("prime", prime).put("factor", factor == 0 ? null : factor).put("method", m)
                        .put("seconds", seconds);
                if (e != null) {
                    j.put("workers", e.workers()).put("mode", e.mode().name().toLowerCase()).put("startupSeconds", e.startupSeconds());
                    Jobs.withReport(j, e, r);
                }
                out().println(j);
            } else if (prime) {
                out().printf("%d is prime (%s, %.6f s)%n", n, m, seconds);
            } else if (factor != 0) {
                out().printf("%d is not prime: %d x %d (%s, %.6f s)%n", n, factor, n / factor, m, seconds);
            } else {
                out().printf("%d is not prime (%s)%n", n, m);
            }
            if (e != null && !engine.json()) {
                Jobs.printReport(out(), e, r);
            }
            return Main.OK;
        } finally {
            if (e != null) {
                e.close();
            }
        }
    }

    static long parse(String text) {
        String s = text.strip().replace("_", "");
        BigInteger v;
        try {
            if (s.contains("^")) {
                String[] parts = s.split("\\^", 2);
                v = new BigInteger(parts[0]).pow(Integer.parseInt(parts[1]));
            } else if (s.matches("[0-9]+")) {
                v = new BigInteger(s);
            } else {
                v = new java.math.BigDecimal(s).toBigIntegerExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadInputException("'" + text + "' is not a whole number");
        }
        if (v.signum() < 0) {
            throw new BadInputException("N must not be negative, got " + text);
        }
        if (v.bitLength() > 63) {
            throw new BadInputException("N must be below 2^63 = 9223372036854775808, got " + text);
        }
        return v.longValueExact();
    }
}
