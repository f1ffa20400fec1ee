/**
 * The mains of the peer JVMs of the copy-based baselines (sockets, pipes, serialization, a
 * shared-memory ping-pong and queue), each started through {@link dev.shmc.bench.harness.PeerProcess}.
 * They use only the harness.
 */
package dev.shmc.bench.peers;
