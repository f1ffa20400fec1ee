package dev.shmc.cli;

import dev.shmc.cluster.ClusterKey;
import dev.shmc.cluster.MemberStatus;
import dev.shmc.cluster.ShmcCluster;
import dev.shmc.cli.ClusterOptions;
import dev.shmc.cli.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shmc cluster}: what a cluster of members is doing, and its key. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Look at a cluster of shmc members (see 'shmc member'), or make its key.",
        subcommands = {ClusterCommand.Status.class, ClusterCommand.Keygen.class})
public final class ClusterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code shmc cluster status}: every member, its workers and the jobs it is running. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the members with their workers, mode and the cluster jobs they are running.")
    public static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
        boolean json;

        @Override
        public Integer call() {
            cluster.validate();
            ClusterKey key = ClusterKey.load(cluster.keyFile());
            PrintWriter out = spec.commandLine().getOut();
            try (ShmcCluster c = ShmcCluster.connect(cluster.name(), cluster.members(), key, e -> spec.commandLine().getErr().println("shmc: " + e))) {
                List<MemberStatus> members = c.status();
                int workers = members.stream().mapToInt(MemberStatus::workers).sum();
                if (json) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (MemberStatus m : members) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("address", m.address());
                        o.put("pid", m.pid());
                        o.put("workers", m.workers());
                        o.put("mode", m.mode());
                        o.put("piecesDone", m.piecesDone());
                        o.put("runningJobs", new LinkedHashMap<>(m.runningJobs()));
                        o.put("startedMillis", m.startedMillis());
                        list.add(o);
                    }
                    out.println(new Json().put("cluster", c.name()).put("members", list).put("workers", workers));
                } else {
                    out.printf("cluster %s: %d member(s), %d worker(s)%n", c.name(), members.size(), workers);
                    out.printf("%-22s %8s %8s %-10s %12s  %s%n", "MEMBER", "PID", "WORKERS", "MODE", "PIECES DONE", "RUNNING");
                    for (MemberStatus m : members) {
                        List<String> jobs = new ArrayList<>();
                        m.runningJobs().forEach((job, pieces) -> jobs.add(job + " (" + pieces + " piece" + (pieces == 1 ? "" : "s") + ")"));
                        out.printf("%-22s %8d %8d %-10s %12d  %s%n", m.address(), m.pid(), m.workers(), m.mode(), m.piecesDone(),
                                jobs.isEmpty() ? "-" : String.join(", ", jobs));
                    }
                }
            }
            return 0;
        }
    }

    /** {@code shmc cluster keygen}: a new key file for a cluster. */
    @Command(name = "keygen", mixinStandardHelpOptions = true, description = {
            "Make a new cluster key: 32 random bytes as hex text, in a new file of mode 0600 (it never overwrites one).",
            "Copy the file to every host of the cluster, members and submitters, to the same place or named with --key.",
            "Only holders of the key can join, submit pieces or stops, or read the status: every request and answer is authenticated with it."},
            footer = {"", "Example: shmc cluster keygen, then for each other host (scp -p keeps the mode):",
                    "  ssh 10.0.0.2 'mkdir -p -m 700 ~/.local/state/shmc' && scp -p ~/.local/state/shmc/cluster.key 10.0.0.2:.local/state/shmc/"})
    public static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "FILE", description = "Where to write it. Default: " + ClusterOptions.KEY_FILE_NAME
                + " in the shmc state directory (where the other commands look for it).")
        Path key;

        @Override
        public Integer call() {
            Path file = key != null ? key : ClusterKey.defaultFile();
            ClusterKey.generate(file);
            spec.commandLine().getOut().println("shmc: wrote a new cluster key to " + file
                    + " (mode 0600); copy it to every host of the cluster (same place, or --key FILE)");
            return 0;
        }
    }
}
