package dev.shmc.cli;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.jobs.PrimeCountKernel;
import dev.shmc.kernels.primes.PrimeStats;
import dev.shmc.kernels.primes.SegmentedSieve;
import dev.shmc.kernels.primes.SievingPrimes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shmc primes}: counts primes in [A, B] with a segmented sieve spread over the workers. */
@Command(name = "primes", mixinStandardHelpOptions = true, description = {
        "Count the primes in [A, B] with a segmented sieve spread over the workers.",
        "Counts p with A <= p <= B, as 'primesieve A B -c' does; the range is cut into chunks (about 64 per worker)",
        "that the workers claim from a shared cursor."})
public final class PrimesCommand extends ShmcCommand implements Callable<Integer> {
    /** Largest upper bound: its square root of sieving primes still fits comfortably in each worker. */
    static final long MAX_TO = 10_000_000_000_000_000L;
    /** Widest range accepted. */
    static final long MAX_WIDTH = 10_000_000_000_000L;

    @Option(names = "--to", paramLabel = "B", required = true, description = "Upper bound, inclusive (up to 1e16).")
    long to;

    @Option(names = "--from", paramLabel = "A", defaultValue = "0", description = "Lower bound, inclusive (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--print", description = "Write the primes one per line instead of counting them (single-threaded, streamed).")
    boolean print;

    @Option(names = "--sum", description = "Also print the sum of the primes.")
    boolean sum;

    @Option(names = "--max", description = "Also print the largest prime.")
    boolean max;

    @Option(names = "--chunk-size", paramLabel = "NUMBERS", description = "Numbers per chunk, at least 1 (default: about 64 chunks per worker, from 7.9e6 to 5e8 numbers, larger near 1e15 where each chunk's restart costs more; few chunks are cut in equal shares of the workers).")
    Long chunkSize;

    @Mixin
    ResumableJobOptions job;

    @Override
    public Integer call() {
        if (from < 0 || to < 0) {
            throw new BadInputException("bounds must not be negative (--from " + from + ", --to " + to + ")");
        }
        if (from > to) {
            throw new BadInputException("--from " + from + " is greater than --to " + to);
        }
        if (to > MAX_TO) {
            throw new BadInputException("--to " + to + " is too large (at most 1e16)");
        }
        if (to - from > MAX_WIDTH) {
            throw new BadInputException("range width " + (to - from) + " is too large (at most 1e13)");
        }
        if (chunkSize != null) {
            Jobs.positive("--chunk-size", chunkSize, MAX_WIDTH + 1);
        }
        if (print) {
            job.validateLocal("--print runs on this host only (it streams the primes in order); drop --cluster");
            return printPrimes();
        }
        job.validate();
        JobSpec spec = job.apply(PrimeCountKernel.spec(from, to, 0, sum), chunkSize == null ? 0 : chunkSize);
        try (JobRunner e = job.start()) {
            JobResult r = job.run(e, spec, "primes");
            JobReport report = new JobReport(e, r);
            PrimeStats stats = new PrimeStats(r.word(0), r.word(1), r.word(2), r.word(3));
            if (job.json()) {
                out().println(report.json(j -> {
                    j.put("from", from).put("to", to).put("count", stats.count());
                    if (sum) {
                        j.put("sum", stats.sum());
                    }
                    if (max) {
                        j.put("max", stats.max() < 0 ? null : stats.max());
                    }
                }));
            } else {
                out().printf("%,d primes in [%d, %d]%n", stats.count(), from, to);
                if (sum) {
                    out().println("sum " + stats.sum());
                }
                if (max) {
                    out().println(stats.max() < 0 ? "max: none" : "max " + stats.max());
                }
                out().printf("%d worker(s) (%s), %d chunks: %.3f s; workers started in %.2f s; job %s%n", e.workers(),
                        report.mode(), r.chunks(), r.seconds(), e.startupSeconds(), r.jobId());
                report.printText(out());
            }
            return report.exitCode();
        }
    }

    private int printPrimes() {
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(to));
        java.io.PrintWriter w = out();
        // stop early when the reader went away (e.g. piped into head): checkError flushes and reports it
        sieve.forEachPrime(from, to + 1, p -> {
            w.write(Long.toString(p));
            w.write('\n');
        }, w::checkError);
        w.flush();
        return Main.OK;
    }
}
