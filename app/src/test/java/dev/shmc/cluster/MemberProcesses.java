package dev.shmc.cluster;

import dev.shmc.shm.support.Await;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cluster members as separate JVMs on loopback for tests: {@code shmc member} in a child JVM
 * ({@link ChildJvms#launch}: this JVM's classpath and the shared JVM flags), each on its own free
 * port, one worker each, regions in a private directory, a cluster key of their own
 * ({@link #keyFile}) and a directory where test kernels and tasks leave marker files when they are
 * built ({@link #markers}). {@link #close} stops them all (SIGTERM, then SIGKILL), waits until they and their worker JVMs are gone;
 * {@link #removeDirectory} removes the directories. Both run in {@code @AfterAll}, also after a
 * failure.
 */
final class MemberProcesses implements AutoCloseable {
    /** Start of every line a member prints. */
    static final String READY = "shmc member: ";
    /** Start of its ready line: everything else it prints is a defect (JVM warnings, Hazelcast's logging) or a dropped request. */
    static final String READY_LINE = "shmc member: cluster ";
    /** The JVM's one line when the Vector API is in use; nothing can switch it off (the launcher drops it too). */
    static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    final String cluster;
    final Path regionDir;
    /** Holds the key file and the marker directory. */
    final Path privateDir;
    final Path keyFile;
    final ClusterKey key;
    final List<Integer> ports = new ArrayList<>();
    final List<ChildJvm> processes = new ArrayList<>();
    private final List<ProcessHandle> everyProcess = new ArrayList<>();

    private MemberProcesses(String cluster, Path regionDir, Path privateDir) {
        this.cluster = cluster;
        this.regionDir = regionDir;
        this.privateDir = privateDir;
        this.keyFile = privateDir.resolve("cluster.key");
        this.key = ClusterKey.generate(keyFile);
    }

    /** Starts {@code n} members and waits for each one's ready line. */
    static MemberProcesses start(int n, Duration deadline) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.createTempDirectory(Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "shmc-cluster-test-");
        Path own = Files.createTempDirectory("shmc-cluster-test-");
        MemberProcesses m = new MemberProcesses("test-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000, dir, own);
        try {
            Files.createDirectory(m.markers());
            for (int i = 0; i < n; i++) {
                m.ports.add(freePort());
            }
            for (int i = 0; i < n; i++) {
                m.launch(i);
            }
            long end = System.nanoTime() + deadline.toNanos();
            for (int i = 0; i < n; i++) {
                int member = i;
                Await.awaitUntil(() -> m.output(member).contains(READY) || !m.processes.get(member).isAlive(), end,
                        () -> "member " + member + " did not get ready:\n" + m.output(member));
                if (!m.processes.get(i).isAlive()) {
                    throw new AssertionError("member " + i + " exited during start-up:\n" + m.output(i));
                }
            }
            // every member sees every other one before a test starts
            return m;
        } catch (IOException | RuntimeException | Error e) {
            m.close();
            m.removeDirectory();
            throw e;
        }
    }

    /** The member list as {@code --members} takes it. */
    String members() {
        return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    /** Where {@code MarkerKernel} and the marker tasks leave a file each time a member builds one. */
    Path markers() {
        return privateDir.resolve("markers");
    }

    /** Marker files left so far. */
    List<String> markersLeft() throws IOException {
        try (Stream<Path> files = Files.list(markers())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The name the Hazelcast cluster has (derived from the name and the key), as someone who sniffed it would know. */
    String hazelcastClusterName() {
        return key.hazelcastClusterName(cluster);
    }

    /** What member {@code i} printed so far (stdout and stderr). */
    String output(int i) {
        return processes.get(i).output();
    }

    /** The lines member {@code i} printed that contain {@code text}. */
    List<String> linesOf(int i, String text) {
        return output(i).lines().filter(l -> l.contains(text)).toList();
    }

    List<String> memberList() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    String address(int i) {
        return "127.0.0.1:" + ports.get(i);
    }

    /** Starts member {@code i}: {@code shmc member}, which this class stops (the members outlive each test). */
    private void launch(int i) {
        ChildJvm member = ChildJvms.launch(regionDir, List.of("-D" + Markers.PROPERTY + "=" + markers(), "-Dshmc.role=test-member", "-Xmx384m"),
                "dev.shmc.cli.Main", "member", "--cluster", cluster, "--members", members(), "--bind", address(i), "--workers", "1",
                "--key", keyFile.toString(), "--stop-on-stdin-eof");
        processes.add(member);
        everyProcess.add(member.process().toHandle());
    }

    /** PIDs of member {@code i}'s worker JVMs (its children). */
    List<ProcessHandle> workersOf(int i) {
        List<ProcessHandle> children = processes.get(i).process().toHandle().descendants().toList();
        everyProcess.addAll(children);
        return children;
    }

    /** SIGKILL of member {@code i}'s JVM (not its workers: they must notice by themselves). */
    void kill(int i) throws InterruptedException {
        workersOf(i);
        processes.get(i).process().destroyForcibly();
        processes.get(i).process().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM of member {@code i}: it leaves the cluster, stops its workers and removes its region; returns its exit code. */
    int terminate(int i) throws InterruptedException {
        workersOf(i);
        Process member = processes.get(i).process();
        member.destroy();
        return member.waitFor(30, TimeUnit.SECONDS) ? member.exitValue() : -1;
    }

    /** What the members printed besides their ready lines (should be nothing). */
    String noise() {
        return noise("");
    }

    /** What the members printed besides their ready lines and lines containing {@code expected} (when not empty). */
    String noise(String expected) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < processes.size(); i++) {
            for (String line : output(i).lines().toList()) {
                if (!line.startsWith(READY_LINE) && !line.equals(INCUBATOR_NOTICE) && (expected.isEmpty() || !line.contains(expected))) {
                    b.append("member ").append(i).append(": ").append(line).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** Processes of ours still alive (members and their workers). */
    List<ProcessHandle> alive() {
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i).isAlive()) {
                workersOf(i);
            }
        }
        return everyProcess.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Region files left in the private directory. */
    List<Path> regionsLeft() throws IOException {
        if (!Files.isDirectory(regionDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(regionDir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Asks every member to leave (stdin closed, then SIGTERM), kills what is left, waits for all, removes the directory. */
    @Override
    public void close() {
        alive();
        for (ChildJvm p : processes) {
            try {
                p.stdin().close(); // --stop-on-stdin-eof: leaves the cluster, closes its engine
            } catch (IOException ignored) {
                // gone already
            }
        }
        waitAll(Duration.ofSeconds(15));
        for (ProcessHandle h : everyProcess) {
            if (h.isAlive()) {
                h.destroy();
            }
        }
        waitAll(Duration.ofSeconds(5));
        for (ProcessHandle h : everyProcess) {
            h.destroyForcibly();
        }
        waitAll(Duration.ofSeconds(10));
    }

    /** Removes the private region directory (after the checks on it), the key and the markers. */
    void removeDirectory() throws IOException {
        for (Path dir : List.of(regionDir, privateDir)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private void waitAll(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        for (ProcessHandle h : everyProcess) {
            try {
                h.onExit().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // still alive: the next step is harsher
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
