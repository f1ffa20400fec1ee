package dev.shmc.cli;

import dev.shmc.engine.service.CommandClient;
import dev.shmc.shm.region.Regions;
import java.util.Set;

/**
 * The main class {@code ./shmc} starts. A job command that the running service can run as it is
 * (no option that picks other workers, a cluster, a resume or the service) is handed to the
 * service whole ({@link CommandClient}): this JVM then loads a few dozen classes, not the CLI's
 * thousands, and the command runs warm in the service's JVM. Everything else, and every command
 * when no service runs, is {@link Main}'s, in this JVM.
 */
public final class Launcher {
    private Launcher() {
    }

    /** The commands a thin client hands to the service. */
    static final Set<String> FORWARDED = Set.of("pi", "primes", "is-prime", "counter", "array");

    /** Options after which the command is run here: they choose other workers, or ask for help. */
    private static final Set<String> LOCAL_OPTIONS = Set.of("--workers", "--mode", "--resume", "--cluster", "--members", "--key",
            "--service", "-h", "--help", "-V", "--version");

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(Main.VERSION); // a constant: Main is not loaded, nor picocli
            return;
        }
        if (forwardable(args)) {
            Integer code = CommandClient.run(Regions.directory(), args, Boolean.getBoolean("shmc.stderrTty"));
            if (code != null) {
                System.out.flush();
                System.err.flush();
                // nothing of this JVM needs shutting down (no engine, no hooks), and System.exit
                // would look up a System.Logger for java.lang.Runtime first: a scan of every jar
                // on the classpath for a LoggerFinder, 0.1 s here
                Runtime.getRuntime().halt(code);
            }
        }
        if (Boolean.getBoolean("shmc.thin")) {
            System.exit(runFullJvm(args));
        }
        Main.main(args);
    }

    /**
     * For a thin JVM ({@code -Dshmc.thin=true}: started by {@code ./shmc} without the CLI's flags
     * and start-up cache) whose command the service did not take: runs it in a JVM with them, on
     * this terminal, and returns its exit code.
     */
    private static int runFullJvm(String[] args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String argsFile = System.getProperty("shmc.jvmArgsFile");
        if (argsFile != null) {
            cmd.add("@" + argsFile);
        }
        String aot = System.getProperty("shmc.aotCache", "0");
        if (!aot.equals("0") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(aot))) {
            cmd.addAll(java.util.List.of("-XX:AOTCache=" + aot, "-Xlog:aot*=off", "-Xlog:cds*=off", "-Dshmc.aotCache=" + aot));
        }
        for (String p : new String[] {"shmc.home", "shmc.jvmArgsFile", "shmc.stderrTty"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(java.util.Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().redirectError(ProcessBuilder.Redirect.PIPE).start();
            // SIGTERM to this JVM reaches the full one too (Ctrl-C reaches both: the terminal's process group)
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            // its stderr, but the one line the JVM prints when the Vector API is in use (as ./shmc drops it)
            Thread copy = Thread.ofPlatform().daemon().start(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (!line.equals("WARNING: Using incubator modules: jdk.incubator.vector")) {
                            System.err.println(line);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // it ended
                }
            });
            int code = p.waitFor();
            copy.join(1000);
            return code;
        } catch (java.io.IOException e) {
            System.err.println("shmc: cannot start the JVM: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            return 130;
        }
    }

    /** Whether the service may run {@code args} as it is. */
    static boolean forwardable(String[] args) {
        if (args.length == 0 || !FORWARDED.contains(args[0]) || "off".equalsIgnoreCase(System.getProperty("shmc.service", "auto"))) {
            return false;
        }
        for (String a : args) {
            int eq = a.indexOf('=');
            if (LOCAL_OPTIONS.contains(eq > 0 ? a.substring(0, eq) : a)) {
                return false;
            }
        }
        return true;
    }
}
