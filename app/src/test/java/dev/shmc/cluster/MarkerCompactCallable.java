package dev.shmc.cluster;

import java.util.concurrent.Callable;

/**
 * A Callable that is not Serializable: a plain Hazelcast client sends it with zero-config compact
 * serialization, which a member would rebuild by reflection (loading the class the sender names).
 * Leaves a marker when built in a member and when called.
 */
public final class MarkerCompactCallable implements Callable<String> {
    public String note = "compact";

    public MarkerCompactCallable() {
        Markers.touch("built");
    }

    @Override
    public String call() {
        Markers.touch("called");
        return note;
    }
}
