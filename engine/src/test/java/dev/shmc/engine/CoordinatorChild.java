package dev.shmc.engine;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import java.nio.file.Path;

/** A coordinator in its own JVM for fault tests: starts 2 worker JVMs, prints their PIDs, runs a long job. */
public final class CoordinatorChild {
    private CoordinatorChild() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(2).directory(Path.of(args[0])).build();
        System.out.println("WORKERS " + engine.workerPid(0) + " " + engine.workerPid(1));
        System.out.println("CONTROL " + engine.controlPath());
        System.out.flush();
        engine.submit(JobSpec.builder(TestKernels.SumKernel.class).units(0, 1L << 42).chunkSize(1L << 20).build());
        Thread.sleep(Long.MAX_VALUE);
    }
}
