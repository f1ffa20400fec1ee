/**
 * Fill, map and reduce kernels over ranges {@code [from, to)} of double arrays in memory segments
 * (usually shared arrays' payloads), and zero-copy ND4J views of them.
 *
 * <p>Every kernel is a static, allocation-free function of the memory it is given: it never knows
 * whether it runs in a thread or in a worker JVM. Fills and maps are element-wise, so their
 * results never depend on how a range is split. Reductions ({@link dev.shmc.kernels.arrays.ArrayReduce})
 * work on fixed blocks and accumulate in double-double ({@link dev.shmc.kernels.arrays.CompensatedSum});
 * their determinism is spelled out there. Tunables live in {@link dev.shmc.kernels.arrays.ArraysConfig}.
 */
package dev.shmc.kernels.arrays;
