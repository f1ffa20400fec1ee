package dev.shmc.cluster;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * What an attacker with a plain Hazelcast client would send a member's executor: a
 * Java-serialized Callable. Its {@code readObject} stands for a deserialization gadget (code that
 * runs while the object is read); it leaves a marker then, and again when called.
 */
final class MarkerCallable implements Callable<String>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Markers.touch("deserialized");
    }

    @Override
    public String call() {
        Markers.touch("called");
        return "ran";
    }
}
