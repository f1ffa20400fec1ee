package dev.shmc.cli.array;

import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The shared arrays of one {@code shmc array} run, from opening to removal: creates or attaches
 * them, keeps them when asked, and on {@link #close} unmaps them, deleting those this run created
 * and did not keep. A shared array lives in RAM, so a JVM that exits midway (Ctrl-C) deletes them
 * too, from a shutdown hook.
 */
public final class Operands implements AutoCloseable {
    // the shutdown hook reads the list from its own thread
    private final List<Operand> opened = new CopyOnWriteArrayList<>();
    private final Thread cleanup = new Thread(this::deleteCreated, "shmc-array-cleanup");

    public Operands() {
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Whether a region named {@code name} exists in the region directory or the fallback directory. */
    public static boolean exists(String name) {
        return Files.exists(Regions.locate(name));
    }

    /** Creates the array {@code name} of {@code length} doubles, deleted on close unless {@link #keep kept}. */
    public Operand create(String name, long length) {
        return add(new Operand(SharedDoubleArray.create(name, length), name, true));
    }

    /** Attaches to the existing array {@code name}, left as it is on close. */
    public Operand attach(String name) {
        return add(new Operand(SharedDoubleArray.attach(name), name, false));
    }

    /** Keeps every array opened so far after the run (for a later {@code --attach}). */
    public void keep() {
        for (Operand o : opened) {
            o.array().keep();
        }
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).array().close(); // deletes what this run created unless kept
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // shutting down: the hook runs
        }
    }

    private Operand add(Operand o) {
        opened.add(o);
        return o;
    }

    private void deleteCreated() {
        for (Operand o : opened) {
            if (o.created() && !o.array().region().isKept()) {
                try {
                    Files.deleteIfExists(o.array().region().path());
                } catch (IOException | RuntimeException ignored) {
                    // exiting anyway; 'shmc clean' removes what is left
                }
            }
        }
    }
}
