package dev.shmc.cli;

import dev.shmc.cli.BadInputException;
import dev.shmc.cli.ClusterOptions;
import dev.shmc.cli.EngineOptions;
import dev.shmc.cli.HostPort;
import dev.shmc.cli.Json;
import dev.shmc.cluster.ClusterConfig;
import dev.shmc.cluster.ClusterKey;
import dev.shmc.cluster.MemberNode;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shmc member}: this host joins a cluster. A long-running process that is a Hazelcast
 * member and owns a local engine (its worker pool over shared memory); it runs the pieces of
 * cluster jobs until it is stopped (SIGTERM or Ctrl-C: it leaves the cluster, its workers stop and
 * its shared memory is removed).
 */
@Command(name = "member", mixinStandardHelpOptions = true, description = {
        "Join a cluster: run as a member that computes its share of cluster jobs on its own workers over shared memory.",
        "Members find each other through the explicit --members list (no multicast, no cloud discovery, nothing outbound).",
        "Every request is authenticated with the cluster key ('shmc cluster keygen'; the same file on every host). Nothing is encrypted: parameters and results cross the network in clear text.",
        "Runs until SIGTERM or Ctrl-C."},
        footer = {"", "Example, on each of three hosts (its own address in --bind), after copying the key made by 'shmc cluster keygen':",
                "  shmc member --cluster lab --members 10.0.0.1:5701,10.0.0.2:5701,10.0.0.3:5701 --bind 10.0.0.1"})
public final class MemberCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS[:PORT]", description = {
            "Address of this host to listen on (only this one), and port (default 5701, or -Dshmc.cluster.port).",
            "Default: the first entry of --members that is an address of this host and whose port is free."})
    String bind;

    @Option(names = "--stop-on-stdin-eof", hidden = true, description = "Leave when standard input ends (for tests and benchmarks: the member goes with its parent).")
    boolean stopOnStdinEof;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws InterruptedException {
        cluster.validate();
        engine.validate();
        List<String> members = cluster.members();
        InetSocketAddress at = bindAddress(members);
        ClusterKey key = ClusterKey.load(cluster.keyFile());
        Engine local = engine.start(JobStore.NONE);
        PrintWriter err = spec.commandLine().getErr();
        MemberNode node = MemberNode.start(local, cluster.name(), key, at.getAddress().getHostAddress(), at.getPort(), members,
                line -> err.println("shmc member: " + line));
        CountDownLatch left = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            node.close();
            left.countDown();
        }, "shmc-member-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        PrintWriter out = spec.commandLine().getOut();
        if (engine.json()) {
            out.println(new Json().put("cluster", cluster.name()).put("member", node.address()).put("workers", local.workers())
                    .put("mode", local.mode().name().toLowerCase()).put("pid", ProcessHandle.current().pid())
                    .put("clusterSize", node.clusterSize()).put("startupSeconds", local.startupSeconds()));
        } else {
            out.printf("shmc member: cluster %s, member %s, %d worker(s) (%s) ready; %d member(s) in the cluster%n", cluster.name(),
                    node.address(), local.workers(), local.mode().name().toLowerCase(), node.clusterSize());
        }
        out.flush();

        if (stopOnStdinEof) {
            waitForStdinEnd();
            node.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
            return 0;
        }
        left.await(); // until SIGTERM / SIGINT runs the hook
        return 0;
    }

    private static void waitForStdinEnd() {
        try {
            while (System.in.read() >= 0) {
                // ignore what is written
            }
        } catch (IOException ignored) {
            // closed: the parent is gone
        }
    }

    /** The address to listen on: --bind, else the first local entry of --members with a free port. */
    private InetSocketAddress bindAddress(List<String> members) {
        if (bind != null) {
            HostPort hp = HostPort.parse("--bind", bind, ClusterConfig.DEFAULT_PORT);
            InetAddress a = resolve("--bind", hp.host());
            if (!isLocal(a)) {
                throw new BadInputException("--bind " + bind + " is not an address of this host");
            }
            return new InetSocketAddress(a, hp.port());
        }
        for (String m : members) {
            HostPort hp = HostPort.parse("--members", m);
            InetAddress a;
            try {
                a = InetAddress.getByName(hp.host());
            } catch (UnknownHostException e) {
                continue; // another host's name we cannot resolve: not ours
            }
            if (isLocal(a) && portFree(a, hp.port())) {
                return new InetSocketAddress(a, hp.port());
            }
        }
        throw new BadInputException("--bind ADDRESS[:PORT] is needed: no entry of --members is an address of this host with a free port");
    }

    private static InetAddress resolve(String option, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadInputException(option + ": unknown host '" + host + "'");
        }
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean portFree(InetAddress a, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(a, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
