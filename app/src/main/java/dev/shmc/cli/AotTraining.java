package dev.shmc.cli;

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
            {"is-prime", "1000000007", "--method", "trial", "--mode", "threads", "--json"},
            {"pi", "--samples", "1e7", "--workers", "1"},
            {"primes", "--to", "1e8", "--workers", "1", "--json"},
            {"jobs"},
            {"stat"},
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
        System.exit(0);
    }
}
