/**
 * {@code shmc bench SUITE}: the command and its hook into the CLI. The top of the bench module:
 * it uses {@link dev.shmc.bench.suites} and {@link dev.shmc.bench.harness}, and nothing below
 * uses it. The packages depend one way only:
 * <pre>
 *   bench (command) -&gt; suites -&gt; workloads, peers -&gt; harness
 *   jmh (microbenchmarks) -&gt; peers -&gt; harness
 * </pre>
 * {@code PackageGraphTest} fails on a package cycle.
 */
package dev.shmc.bench;
