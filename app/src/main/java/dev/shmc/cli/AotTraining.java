package dev.shmc.cli;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.service.ServiceHost;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.Regions;
import java.nio.file.Path;

import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The training run of the JVM's ahead-of-time cache (JEP 483/514/515): the build runs this at
 * package time with {@code -XX:AOTCacheOutput} (app/pom.xml, execution "aot"), and the JVMs
 * {@code ./shmc} starts (the CLI and its worker JVMs) start from the cache with these classes
 * already loaded and linked and their profiles recorded. It runs the common commands in this JVM,
 * small: the kernels in threads mode (so that their classes are in the cache for the worker JVMs
 * too), the coordinator's side with a worker JVM, the registry, the help. Output is discarded; the
 * first command that fails ends the run with exit code 1 and its arguments on stderr.
 *
 * <p>The build points {@code shmc.stateDir} and {@code shmc.dir} at a scratch directory, so the
 * training jobs never show in the user's registry.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** The command lines run, in order. */
    static final String[][] RUNS = {
            {"--help"},
            {"pi", "--help"},
            {"pi", "--samples", "2e8", "--mode", "threads", "--seed", "1"},
            {"pi", "--samples", "1e7", "--kernel", "scalar", "--mode", "threads", "--json"},
            {"primes", "--to", "1e9", "--mode", "threads"},
            {"primes", "--from", "1e12", "--to", "1.001e12", "--mode", "threads", "--json"},
            {"is-prime", "1000000007"},
            {"is-prime", "1000000000000037", "--method", "trial", "--mode", "threads", "--json"},
            {"pi", "--samples", "1e7", "--workers", "1"},
            {"primes", "--to", "1e8", "--workers", "1", "--json"},
            {"jobs"},
            {"stat"},
    };

    /** The command lines a thin client hands to the service in this JVM. */
    static final String[][] THIN_RUNS = {
            {"pi", "--samples", "1e6"},
            {"is-prime", "1000000000000037", "--method", "trial", "--json"},
            {"primes", "--to", "1e6"},
    };

    /** The command lines run against a service in this JVM (the client's side of every command). */
    static final String[][] SERVICE_RUNS = {
            {"pi", "--samples", "1e6", "--service", "require"},
            {"pi", "--samples", "1e6", "--service", "require", "--json"},
            {"primes", "--to", "1e7", "--service", "require"},
            {"is-prime", "1000000000000037", "--method", "trial", "--service", "require"},
            {"service", "status"},
    };

    public static void main(String[] args) {
        System.setProperty("shmc.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        PrintWriter none = new PrintWriter(OutputStream.nullOutputStream());
        for (String[] run : RUNS) {
            int code = Main.execute(run, none, none);
            if (code != 0) {
                System.err.println("shmc: start-up cache training: 'shmc " + String.join(" ", run) + "' exited with " + code);
                System.exit(1);
            }
        }
        if (!trainServiceClients(none)) {
            System.exit(1);
        }
        System.exit(0);
    }

    /** Runs {@link #SERVICE_RUNS} against a service of one worker thread in this JVM; false when one failed. */
    private static boolean trainServiceClients(PrintWriter none) {
        Path dir = Regions.ensureDirectory(Regions.directory());
        try (Engine engine = Engine.builder().workers(1).mode(Mode.THREADS).build()) {
            String control = engine.controlPath().getFileName().toString().replace(RegionDescriptor.FILE_SUFFIX, "");
            ServiceHost host = ServiceHost.open(dir, engine, control, line -> { }, Main::executeInService);
            Thread serving = Thread.ofPlatform().name("training-service").start(host::run);
            try {
                for (String[] run : THIN_RUNS) {
                    // a thin client's whole path, as Launcher takes it (its output goes to the build's log)
                    Integer code = dev.shmc.engine.service.CommandClient.run(dir, run, false);
                    if (code == null || code != 0) {
                        System.err.println("shmc: start-up cache training: thin client 'shmc " + String.join(" ", run) + "' gave " + code);
                        return false;
                    }
                }
                for (String[] run : SERVICE_RUNS) {
                    int code = Main.execute(run, none, none);
                    if (code != 0) {
                        System.err.println("shmc: start-up cache training: 'shmc " + String.join(" ", run) + "' exited with " + code);
                        return false;
                    }
                }
            } finally {
                host.requestStop(true);
                try {
                    serving.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                host.close();
            }
        }
        return true;
    }
}
