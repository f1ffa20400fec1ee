package dev.shmc.cli;

import dev.shmc.engine.api.JobFailedException;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import dev.shmc.engine.api.JobRunner;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code shmc} command line. Exit codes: 0 ok, 1 runtime failure (one clear message), 2 bad
 * input (one line, never a stack trace).
 */
@Command(name = "shmc", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Shared-memory parallel compute on the JVM: numeric jobs over worker JVMs that share memory-mapped files.",
        footer = {"", "Numbers accept 1000000, 1_000_000, 1,000,000, 1e9, 2.5e6, 10^12 and 2^64-59 (digits 0-9 only).", "Run 'shmc COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    /** What {@code shmc --version} prints. */
    public static final String VERSION = "shmc 0.1.0";

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /**
     * The engine's commands, in the order help lists them; the providers' ({@link CommandProvider})
     * follow, then {@code help}. Built on demand: picocli reads every option of every command it is
     * given through reflection, about a quarter of a second for all of them in a fresh JVM, so a
     * command line that names a command builds only that one.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("pi", PiCommand::new);
        COMMANDS.put("primes", PrimesCommand::new);
        COMMANDS.put("is-prime", IsPrimeCommand::new);
        COMMANDS.put("stat", StatCommand::new);
        COMMANDS.put("clean", CleanCommand::new);
        COMMANDS.put("doctor", DoctorCommand::new);
        COMMANDS.put("jobs", JobsCommand::new);
        COMMANDS.put("resume", ResumeCommand::new);
        COMMANDS.put("cancel", CancelCommand::new);
        COMMANDS.put("service", ServiceCommand::new);
        COMMANDS.put("array", ArrayCommand::new);
        COMMANDS.put("counter", CounterCommand::new);
        COMMANDS.put("member", MemberCommand::new);
        COMMANDS.put("cluster", ClusterCommand::new);
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.setProperty("shmc.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        PrintWriter out = new PrintWriter(System.out);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs a thin client's command line in the service ({@link ServiceMain}):
     * its jobs on {@code runner}, the service's engine; its output and progress bars on the client's
     * streams.
     */
    public static int executeInService(String[] args, PrintStream out, PrintStream err, boolean stderrTty, JobRunner runner) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        ServiceOptions.IN_SERVICE.set(runner);
        try {
            int code = Progress.withTerminal(err, stderrTty, () -> execute(args, o, e));
            o.flush();
            e.flush();
            return code;
        } finally {
            ServiceOptions.IN_SERVICE.remove();
        }
    }

    /** Runs the CLI with these streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
        cli.setOut(out);
        cli.setErr(err);
        // notices of the shm layer (a region sent to the fallback directory) on this command's stderr
        return Regions.withNotices(err::println, () -> cli.execute(args));
    }

    /**
     * The command line with only the command named {@code first} when that is one (the other
     * commands cannot appear on it), else with all: for help, for the version, and to suggest a
     * command for a misspelt one.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        List<CommandProvider> providers = ServiceLoader.load(CommandProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        boolean known = COMMANDS.containsKey(first) || providers.stream().anyMatch(p -> p.name().equals(first));
        COMMANDS.forEach((name, command) -> {
            if (!known || name.equals(first)) {
                cli.addSubcommand(name, command.get());
            }
        });
        for (CommandProvider p : providers) {
            if (!known || p.name().equals(first)) {
                cli.addSubcommand(p.name(), p.command());
            }
        }
        if (!known) {
            cli.addSubcommand("help", new CommandLine.HelpCommand());
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // every number option goes through Numbers: ASCII digits only (picocli's own converters take
        // any script's digits), the same grouping and exponent forms everywhere
        cli.registerConverter(Long.class, new Numbers());
        cli.registerConverter(long.class, new Numbers());
        cli.registerConverter(Integer.class, Numbers::parseInt);
        cli.registerConverter(int.class, Numbers::parseInt);
        cli.registerConverter(Double.class, Numbers::parseDouble);
        cli.registerConverter(double.class, Numbers::parseDouble);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String hint = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
            c.getErr().println("shmc: " + ex.getMessage() + hint + " (try '" + c.getCommandSpec().qualifiedName() + " --help')");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable e = ex;
            if (e instanceof JobFailedException && e.getCause() != null && !(e.getCause() instanceof JobFailedException)
                    && e.getMessage() == null) {
                e = e.getCause();
            }
            if (e instanceof BadInputException || e instanceof IllegalArgumentException
                    || e instanceof RegionException r && r.isBadInput()) {
                c.getErr().println("shmc: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof JobFailedException) {
                c.getErr().println("shmc: " + e.getMessage());
                return FAILURE;
            }
            if (Boolean.getBoolean("shmc.debug")) {
                e.printStackTrace(c.getErr());
            }
            c.getErr().println("shmc: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILURE;
        });
        return cli;
    }
}
