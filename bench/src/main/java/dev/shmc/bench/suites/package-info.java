/**
 * The macro comparisons of {@code shmc bench}, one {@link dev.shmc.bench.suites.Suite} each: they
 * run the {@link dev.shmc.bench.workloads workloads} on the engine and the copy-based baselines in
 * {@link dev.shmc.bench.peers peer JVMs}, side by side.
 */
package dev.shmc.bench.suites;
