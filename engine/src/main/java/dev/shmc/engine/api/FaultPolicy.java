package dev.shmc.engine.api;

import dev.shmc.engine.config.EngineConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How an engine bounds the faults of its workers; every fault ends within these limits, with one
 * clear message. The defaults come from {@link EngineConfig} (and its system properties).
 *
 * @param heartbeatTimeout a worker JVM whose heartbeat is older than this is taken for hung, killed and replaced
 * @param maxChunkDeaths   a chunk that has taken down its worker JVM this many times fails its job
 * @param cancelGrace      a worker JVM still inside a chunk this long after its job was cancelled or
 *                         stopped is killed and replaced (worker threads cannot be: their kernels must poll)
 */
public record FaultPolicy(Duration heartbeatTimeout, int maxChunkDeaths, Duration cancelGrace) {
    public FaultPolicy {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(cancelGrace, "cancelGrace");
        if (heartbeatTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the heartbeat timeout must be at least 1 ms: " + heartbeatTimeout);
        }
        if (maxChunkDeaths < 1) {
            throw new IllegalArgumentException("maxChunkDeaths must be at least 1: " + maxChunkDeaths);
        }
        if (cancelGrace.isNegative()) {
            throw new IllegalArgumentException("the cancel grace must not be negative: " + cancelGrace);
        }
    }

    /** The defaults: {@link EngineConfig#WORKER_HEARTBEAT_TIMEOUT_MS}, {@link EngineConfig#MAX_CHUNK_DEATHS}, {@link EngineConfig#CANCEL_GRACE_MS}. */
    public static FaultPolicy defaults() {
        return new FaultPolicy(Duration.ofMillis(EngineConfig.WORKER_HEARTBEAT_TIMEOUT_MS), EngineConfig.MAX_CHUNK_DEATHS,
                Duration.ofMillis(EngineConfig.CANCEL_GRACE_MS));
    }
}
