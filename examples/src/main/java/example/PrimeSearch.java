package example;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import java.math.BigInteger;

/**
 * A search that stops early, written as user code: a prime quadruplet (p, p+2, p+6, p+8, all
 * prime) above a starting point. Unit k is the candidate p = start + 30 k (every quadruplet but
 * the first has p = 11 mod 30); the worker that finds one stops the whole job, and every worker
 * stops at its next poll. The result is the smallest quadruplet the computed chunks found.
 */
public final class PrimeSearch {
    private PrimeSearch() {
    }

    /** Looks for a quadruplet among candidates [from, to); result word 0: its p, or 0. */
    public static void search(KernelContext ctx, long from, long to, Result out) {
        long start = ctx.params().getLong("start");
        for (long k = from; k < to; k++) {
            if ((k & 1023) == 0 && ctx.stopRequested()) {
                return; // another worker found one: this chunk's result is what it saw so far
            }
            long p = start + 30 * k;
            if (prime(p) && prime(p + 2) && prime(p + 6) && prime(p + 8)) {
                out.setLong(0, p);
                ctx.requestStop();
                return;
            }
        }
    }

    /** The smallest p found (0 means none). */
    public static void smallest(Result acc, Result part) {
        long a = acc.getLong(0);
        long b = part.getLong(0);
        if (b != 0 && (a == 0 || b < a)) {
            acc.setLong(0, b);
        }
    }

    static boolean prime(long n) {
        return BigInteger.valueOf(n).isProbablePrime(40);
    }

    public static void main(String[] args) {
        long from = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000_000_000L;
        long start = from + Math.floorMod(11 - from, 30L); // the first candidate = 11 mod 30
        long candidates = 100_000_000; // far more than it needs: the search ends when it finds one
        try (Engine engine = Engine.builder().workers(2).build()) {
            JobResult r = engine.run(JobSpec.builder(ResultLayout.longs(1), PrimeSearch::search).combine(PrimeSearch::smallest)
                    .units(candidates).chunkSize(20_000).param("start", start).build());
            long p = r.word(0);
            System.out.printf("prime quadruplet above %,d: (%d, %d, %d, %d), %s after %d of %d chunks in %.3f s%n", from, p, p + 2, p + 6,
                    p + 8, r.status(), r.chunksDone(), r.chunks(), r.seconds());
            if (r.status() != JobStatus.FOUND || p < from || !(prime(p) && prime(p + 2) && prime(p + 6) && prime(p + 8))) {
                System.err.println("wrong: no quadruplet found");
                System.exit(1);
            }
        }
    }
}
