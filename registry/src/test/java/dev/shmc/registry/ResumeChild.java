package dev.shmc.registry;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.Mode;
import java.nio.file.Path;

/**
 * A coordinator in its own JVM that records a slow job in a registry, for the resume test to
 * SIGKILL. Arguments: region directory, state directory, units, chunk size, sleep per chunk (µs).
 * Prints {@code WORKERS pid pid} and {@code JOB id}, then waits to be killed.
 */
public final class ResumeChild {
    private ResumeChild() {
    }

    public static void main(String[] args) throws Exception {
        ChronicleJobStore store = new ChronicleJobStore(Path.of(args[1]), w -> System.out.println("STORE-WARNING " + w));
        Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(2).directory(Path.of(args[0])).jobStore(store).build();
        System.out.println("WORKERS " + engine.workerPid(0) + " " + engine.workerPid(1));
        JobHandle job = engine.submit(ResumeTest.spec(Long.parseLong(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4])).build());
        System.out.println("JOB " + job.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
