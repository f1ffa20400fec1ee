/**
 * The bench's own jobs for the engine: the kernels the suites submit (an empty job, a slice sum,
 * the early-stop flag study) and the study's socket flag server. They use the engine's API only,
 * no other bench package.
 */
package dev.shmc.bench.workloads;
