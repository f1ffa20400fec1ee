/**
 * Prime kernels: pure compute over a range, no threads or processes of their own.
 *
 * <ul>
 *   <li>{@link dev.shmc.kernels.primes.SegmentedSieve}: counts, sums or lists the primes of
 *       {@code [from, to)}, a segmented sieve of Eratosthenes on a mod-30 wheel with pre-sieved
 *       small primes and bucket-sieved large ones. One per thread, on shared
 *       {@link dev.shmc.kernels.primes.SievingPrimes}; any partition of a range into calls adds up
 *       ({@link dev.shmc.kernels.primes.PrimeStats#combine}) to the whole.</li>
 *   <li>{@link dev.shmc.kernels.primes.MillerRabin}: deterministic primality of every number below
 *       2^64 (unsigned), and the strong test to one base for numbers of any size.</li>
 *   <li>{@link dev.shmc.kernels.primes.PollardRho}: a factor of a composite: always below 2^64,
 *       within a bounded number of steps beyond.</li>
 *   <li>{@link dev.shmc.kernels.primes.BailliePsw}: the Baillie-PSW probable-prime test.</li>
 *   <li>{@link dev.shmc.kernels.primes.Primality}: the answer for a number of any size, with its
 *       evidence (a factor or a witness) and whether it is proven.</li>
 *   <li>{@link dev.shmc.kernels.primes.TrialDivision}: the smallest factor among an index range of
 *       odd candidates of a 64-bit number (unsigned), polling a stop flag, so that workers can
 *       share one number's candidates.</li>
 *   <li>{@link dev.shmc.kernels.primes.PrimesConfig}: every tunable, with its trade-off.</li>
 * </ul>
 */
package dev.shmc.kernels.primes;
