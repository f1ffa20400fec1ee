package dev.shmc.kernels.primes;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Obviously correct (and slow) references for the prime kernels' tests: a plain sieve of
 * Eratosthenes over a boolean per number, and the {@code primesieve} binary when installed.
 */
final class PrimesReference {
    private PrimesReference() {
    }

    private static int[] cached = new int[0];
    private static int cachedLimit;

    /** The primes up to n (kept for the next call, as the tests ask for the same roots again and again). */
    static synchronized int[] primesUpTo(int n) {
        if (n > cachedLimit) {
            cachedLimit = n;
            cached = sieve(cachedLimit);
        }
        int count = java.util.Arrays.binarySearch(cached, n);
        return java.util.Arrays.copyOf(cached, count >= 0 ? count + 1 : -count - 1);
    }

    /** The primes up to n, by the textbook sieve. */
    private static int[] sieve(int n) {
        boolean[] composite = new boolean[n + 1];
        int count = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j <= n; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        int[] primes = new int[count];
        for (int i = 2, k = 0; i <= n; i++) {
            if (!composite[i]) {
                primes[k++] = i;
            }
        }
        return primes;
    }

    /** Whether each number of [from, to) is prime: a boolean per number, crossed off by every prime up to the root. */
    static boolean[] primality(long from, long to) {
        int width = Math.toIntExact(to - from);
        boolean[] prime = new boolean[width];
        java.util.Arrays.fill(prime, true);
        for (long n = from; n < Math.min(to, 2); n++) {
            prime[(int) (n - from)] = false;
        }
        long root = BigInteger.valueOf(Math.max(0, to - 1)).sqrt().longValueExact();
        for (int p : primesUpTo((int) root)) {
            long start = Math.max((long) p * p, (from + p - 1) / p * p);
            for (long m = start; m < to; m += p) {
                prime[(int) (m - from)] = false;
            }
        }
        return prime;
    }

    /** Count, sum and largest of the primes of [from, to), from {@link #primality}. */
    static PrimeStats stats(long from, long to) {
        boolean[] prime = primality(from, to);
        long count = 0;
        BigInteger sum = BigInteger.ZERO;
        long max = -1;
        for (int i = 0; i < prime.length; i++) {
            if (prime[i]) {
                count++;
                sum = sum.add(BigInteger.valueOf(from + i));
                max = from + i;
            }
        }
        return new PrimeStats(count, sum.longValue(), sum.shiftRight(64).longValue(), max);
    }

    /** The primesieve binary, when it is on the PATH. */
    static Path primesieve() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "primesieve");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code primesieve a b -c}: the number of primes p with a <= p <= b. */
    static long primesieveCount(Path binary, long a, long b) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(binary.toString(), Long.toString(a), Long.toString(b), "-c", "-q")
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("primesieve " + a + " " + b + " failed: " + output);
        }
        String[] words = output.split("\\s+");
        return Long.parseLong(words[words.length - 1]);
    }
}
