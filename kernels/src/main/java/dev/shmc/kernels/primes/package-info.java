/**
 * Prime kernels: pure compute over a range, no threads or processes of their own.
 *
 * <ul>
 *   <li>{@link dev.shmc.kernels.primes.SegmentedSieve}: counts, sums or lists the primes of
 *       {@code [from, to)}, a segmented sieve of Eratosthenes on a mod-30 wheel with pre-sieved
 *       small primes and bucket-sieved large ones. One per thread, on shared
 *       {@link dev.shmc.kernels.primes.SievingPrimes}; any partition of a range into calls adds up
 *       ({@link dev.shmc.kernels.primes.PrimeStats#combine}) to the whole.</li>
 *   <li>{@link dev.shmc.kernels.primes.MillerRabin}: deterministic primality of any long.</li>
 *   <li>{@link dev.shmc.kernels.primes.TrialDivision}: the smallest factor among an index range of
 *       odd candidates, polling a stop flag, so that workers can share one number's candidates.</li>
 *   <li>{@link dev.shmc.kernels.primes.PrimesConfig}: every tunable, with its trade-off.</li>
 * </ul>
 */
package dev.shmc.kernels.primes;
