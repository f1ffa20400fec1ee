package dev.shmc.engine.cli;

import dev.shmc.engine.api.JobFailedException;
import dev.shmc.shm.region.RegionException;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code shmc} command line. Exit codes: 0 ok, 1 runtime failure (one clear message), 2 bad
 * input (one line, never a stack trace).
 */
@Command(name = "shmc", mixinStandardHelpOptions = true, version = "shmc 0.1.0",
        description = "Shared-memory parallel compute on the JVM: numeric jobs over worker JVMs that share memory-mapped files.",
        subcommands = {PiCommand.class, PrimesCommand.class, IsPrimeCommand.class, StatCommand.class, CleanCommand.class,
                JobsCommand.class, ArrayCommand.class, CounterCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Numbers accept 1000000, 1_000_000, 1e9 and 10^12.", "Run 'shmc COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

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

    /** Runs the CLI with these streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (CommandProvider p : ServiceLoader.load(CommandProvider.class)) {
            cli.addSubcommand(p.name(), p.command());
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Long.class, new Numbers());
        cli.registerConverter(long.class, new Numbers());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("shmc: " + ex.getMessage() + " (try '" + c.getCommandSpec().qualifiedName() + " --help')");
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
