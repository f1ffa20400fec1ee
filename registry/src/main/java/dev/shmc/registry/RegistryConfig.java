package dev.shmc.registry;

/** Every tunable of the job registry in one place (system properties override the defaults). */
public final class RegistryConfig {
    private RegistryConfig() {
    }

    /**
     * How long a job registry call waits for a Chronicle Map segment lock before it checks whether
     * the lock's holder is gone (a process killed inside a registry write leaves its lock set).
     * Registry writes hold a lock for microseconds: shorter recovers sooner from a killed holder,
     * and a live holder that is merely slow (a GC pause) costs only a retry.
     */
    public static final long REGISTRY_LOCK_PROBE_MS = Long.getLong("shmc.registryLockProbeMs", 500);

    /**
     * Most a job registry call waits for other live processes (their locks on the registry) before
     * it gives up with a warning: long enough for another command to open or create the registry
     * on a busy machine (1.5 s in a fresh JVM, several under load).
     */
    public static final long REGISTRY_CALL_TIMEOUT_MS = Long.getLong("shmc.registryCallTimeoutMs", 10_000);

    /**
     * How long a command waits for the registry thread to finish one call (the open included)
     * before it stops waiting, warns and exits: well above {@link #REGISTRY_CALL_TIMEOUT_MS}, so it
     * fires only on a call that hangs, never on a slow one.
     */
    public static final long REGISTRY_STALL_TIMEOUT_MS = Long.getLong("shmc.registryStallTimeoutMs", 20_000);
}
