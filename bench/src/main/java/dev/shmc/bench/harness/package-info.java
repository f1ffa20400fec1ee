/**
 * What every suite and peer shares: run sizes, the module's tunables ({@link dev.shmc.bench.harness.BenchConfig}),
 * peer JVMs and their watchdog, statistics, tables, charts, the summary and the machine's
 * description. The bottom of the bench module: it uses no other bench package.
 */
package dev.shmc.bench.harness;
