package dev.shmc.bench.jmh;

import dev.shmc.bench.harness.JvmFlags;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmarks jar's main: {@link org.openjdk.jmh.Main} with the shared JVM flags
 * ({@code /dev/shmc/jvm.args}: the Vector API module, native access) and {@code -Dshmc.checks=false}
 * appended to every forked JVM, so that {@code java -jar benchmarks.jar} needs no flags. Options on
 * the command line work as with JMH's own main; {@code -jvmArgsAppend} adds to ours.
 */
public final class JmhMain {
    private JmhMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder().parent(cmd).jvmArgsAppend(forkFlags(cmd).toArray(String[]::new)).build();
        new Runner(options).run();
    }

    /** The user's -jvmArgsAppend, then the shared flags this JVM was not started with (forks inherit those), then checks off. */
    static List<String> forkFlags(CommandLineOptions cmd) {
        List<String> out = new ArrayList<>();
        Collection<String> user = cmd.getJvmArgsAppend().orElse(List.of());
        out.addAll(user);
        List<String> host = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : JvmFlags.shared()) {
            if (!host.contains(flag) && !out.contains(flag)) {
                out.add(flag);
            }
        }
        out.add("-Dshmc.checks=false");
        return out;
    }
}
