package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static dev.shmc.shm.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.cli.CliRunner.Run;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.engine.config.StateDirectory;
import dev.shmc.engine.service.ServiceAdmin;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ProcessRoles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resident service as users drive it: {@code shmc service start/status/stop}, job commands
 * with {@code --service require} from this JVM and from client JVMs of their own, {@code shmc
 * cancel} from another process, and the faults: a client SIGKILLed mid-job, the service SIGKILLed
 * mid-job. Every test ends with the service stopped and the region directory empty.
 */
@Tag("slow")
@Timeout(300)
class ServiceCliTest extends TempRegionDirectory {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @TempDir
    Path state;

    private String oldState;

    @BeforeEach
    void useTempState() {
        oldState = System.setProperty(StateDirectory.PROPERTY, state.toString());
    }

    @AfterEach
    void stopServiceAndCheckNothingLeft() throws Exception {
        try {
            Optional<ServiceAdmin.Status> s = ServiceAdmin.status(dir);
            if (s.isPresent()) {
                run("service", "stop", "--cancel");
                ProcessHandle.of(s.get().pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            await("the service's worker JVMs to exit", () -> serviceProcesses().isEmpty(), Duration.ofSeconds(30));
            run("clean");
            await("an empty region directory", () -> files().isEmpty(), Duration.ofSeconds(10));
        } finally {
            if (oldState == null) {
                System.clearProperty(StateDirectory.PROPERTY);
            } else {
                System.setProperty(StateDirectory.PROPERTY, oldState);
            }
        }
    }

    /** The service JVM and its workers: every process whose command line names this test's region directory. */
    private List<ProcessHandle> serviceProcesses() {
        return ProcessHandle.allProcesses().filter(p -> ProcessRoles.commandLine(p).stream()
                .anyMatch(a -> a.contains(dir.toString()) && !a.startsWith("-Dshmc.dir=" + dir + "x")))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> ProcessRoles.commandLine(p).stream().anyMatch(a -> a.endsWith("ServiceMain") || a.endsWith("WorkerMain")))
                .toList();
    }

    private List<String> files() {
        try (Stream<Path> files = dev.shmc.engine.TestFiles.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (Exception e) {
            return List.of("cannot list: " + e);
        }
    }

    private static long startService() {
        Run r = run("service", "start", "--workers", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("shmc service started"), r.out());
        return ServiceAdmin.status(Path.of(System.getProperty("shmc.dir"))).orElseThrow().pid();
    }

    /** A client JVM running the full CLI ({@link Main}): its jobs go to the service through {@code ServiceConnection}. */
    private ChildJvm client(String... args) {
        return children.start(dir, List.of("-D" + StateDirectory.PROPERTY + "=" + state), Main.class, args);
    }

    /** A thin client JVM ({@link Launcher}, as ./shmc starts it): it hands the whole command line to the service. */
    private ChildJvm thinClient(String... args) {
        return children.start(dir, List.of("-D" + StateDirectory.PROPERTY + "=" + state, "-Dshmc.thin=true"), Launcher.class, args);
    }

    private static JsonNode json(String out) {
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no JSON in: " + out));
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** The one job the service holds, once it runs. */
    private String awaitRunningJob() {
        String[] id = new String[1];
        await("a job running on the service", () -> ServiceAdmin.status(dir).map(s -> s.jobs().stream()
                .filter(j -> j.state().equals("running") && !j.id().isEmpty()).findFirst().map(j -> id[0] = j.id()).isPresent()).orElse(false),
                Duration.ofSeconds(60));
        return id[0];
    }

    @Test
    void shouldGiveTheSameResultsWithAndWithoutTheService() {
        String[][] commands = {
                {"pi", "--samples", "20000000", "--seed", "5", "--json"},
                {"primes", "--to", "10000000", "--json"},
                {"is-prime", "1000000000000037", "--method", "trial", "--json"},
                {"counter", "--increments", "200000", "--sync", "atomic", "--json"},
                {"array", "--doubles", "1000000", "--ops", "sum,max", "--seed", "3", "--fill", "random", "--json"}};
        String[][] fields = {{"inside", "estimate"}, {"count"}, {"prime"}, {"actual"}, {"results"}};
        JsonNode[] own = new JsonNode[commands.length];
        for (int i = 0; i < commands.length; i++) {
            Run r = run(with(commands[i], "--service", "off"));
            assertEquals(0, r.code(), String.join(" ", commands[i]) + ": " + r.err());
            own[i] = r.json();
        }
        startService();
        for (int i = 0; i < commands.length; i++) {
            Run r = run(with(commands[i], "--service", "require"));
            assertEquals(0, r.code(), String.join(" ", commands[i]) + ": " + r.err());
            for (String f : fields[i]) {
                assertEquals(own[i].get(f), r.json().get(f), String.join(" ", commands[i]) + ": " + f);
            }
            assertEquals(own[i].get("workers"), r.json().get("workers"));
        }
        // one job per command, and three for the array (fill, sum, max): every one ran on the service
        assertEquals(commands.length + 2, ServiceAdmin.status(dir).orElseThrow().jobsFinished());
        // and a thin client's, the command run whole by the service
        ChildJvm thin = thinClient("primes", "--to", "10000000", "--json");
        assertEquals(0, thin.awaitExit(Duration.ofSeconds(60)), thin.report());
        assertEquals(own[1].get("count"), json(thin.output()).get("count"));
        assertEquals(commands.length + 3, ServiceAdmin.status(dir).orElseThrow().jobsFinished());
        // an output larger than the output ring (5 MB of primes through 1 MiB): whole and in order
        Run local = run("primes", "--to", "10000000", "--print", "--service", "off");
        ChildJvm printing = thinClient("primes", "--to", "10000000", "--print");
        assertEquals(0, printing.awaitExit(Duration.ofSeconds(120)), printing.report());
        List<String> expected = local.out().lines().filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0))).toList();
        List<String> printed = printing.output().lines().filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0))).toList();
        assertEquals(664_579, expected.size(), "pi(1e7)");
        assertEquals(expected, printed);
    }

    private static String[] with(String[] command, String... more) {
        String[] all = java.util.Arrays.copyOf(command, command.length + more.length);
        System.arraycopy(more, 0, all, command.length, more.length);
        return all;
    }

    @Test
    void shouldRunTheJobsOfTwoClientProcessesAtOnceExactly() {
        long[] expected = new long[2];
        for (int s = 0; s < 2; s++) {
            expected[s] = run("pi", "--samples", "300000000", "--seed", Integer.toString(11 + s), "--service", "off", "--json")
                    .json().get("inside").asLong();
        }
        startService();
        ChildJvm a = client("pi", "--samples", "300000000", "--seed", "11", "--service", "require", "--json");
        ChildJvm b = thinClient("pi", "--samples", "300000000", "--seed", "12", "--json");
        assertEquals(0, a.awaitExit(Duration.ofSeconds(120)), a.report());
        assertEquals(0, b.awaitExit(Duration.ofSeconds(120)), b.report());
        assertEquals(expected[0], json(a.output()).get("inside").asLong());
        assertEquals(expected[1], json(b.output()).get("inside").asLong());
        assertEquals(2, json(a.output()).get("workers").asInt(), "the service's workers, not more");
        assertEquals(2, ServiceAdmin.status(dir).orElseThrow().jobsFinished());
    }

    @Test
    void shouldCancelAJobFromAnotherProcess() {
        startService();
        ChildJvm client = thinClient("pi", "--samples", "1000000000000", "--seed", "1", "--json");
        String id = awaitRunningJob();
        Run cancel = run("cancel", id);
        assertEquals(0, cancel.code(), cancel.err());
        assertEquals(1, client.awaitExit(Duration.ofSeconds(60)), client.report());
        assertEquals("cancelled", json(client.output()).get("status").asText());
        Run unknown = run("cancel", id);
        assertEquals(2, unknown.code(), "a job that no longer runs is not there to cancel");
    }

    @ParameterizedTest(name = "thin client: {0}")
    @ValueSource(booleans = {false, true})
    void shouldCancelTheJobOfAKilledClientAndServeTheNext(boolean thin) {
        startService();
        ChildJvm client = thin ? thinClient("pi", "--samples", "1000000000000", "--seed", "1")
                : client("pi", "--samples", "1000000000000", "--seed", "1", "--service", "require");
        awaitRunningJob();
        client.kill();
        await("the killed client's job to end", () -> ServiceAdmin.status(dir).orElseThrow().jobs().isEmpty(), Duration.ofSeconds(30));
        Run next = run("pi", "--samples", "1000000", "--seed", "1", "--service", "require", "--json");
        assertEquals(0, next.code(), next.err());
        assertEquals(785_390, next.json().get("inside").asLong()); // pi --samples 1e6 --seed 1, as the README shows it
    }

    @ParameterizedTest(name = "thin client: {0}")
    @ValueSource(booleans = {false, true})
    void shouldFailTheClientWithOneLineWhenTheServiceIsKilledAndRunTheNextCommandOnItsOwn(boolean thin) {
        long pid = startService();
        ChildJvm client = thin ? thinClient("pi", "--samples", "1000000000000", "--seed", "1")
                : client("pi", "--samples", "1000000000000", "--seed", "1", "--service", "require");
        awaitRunningJob();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertEquals(1, client.awaitExit(Duration.ofSeconds(60)), client.report());
        List<String> lines = client.output().lines().filter(l -> l.startsWith("shmc:")).toList();
        assertEquals(1, lines.size(), client.output());
        assertTrue(lines.get(0).contains("the shmc service (pid " + pid + ") has died"), lines.get(0));
        Run next = run("pi", "--samples", "1000000", "--seed", "1", "--json");
        assertEquals(0, next.code(), next.err());
        assertEquals(785_390, next.json().get("inside").asLong());
        await("the dead service's worker JVMs to exit", () -> serviceProcesses().isEmpty(), Duration.ofSeconds(30));
        assertEquals(0, run("clean").code());
        assertEquals(List.of(), files(), "nothing left after shmc clean");
    }

    @Test
    void shouldSayOneRunsWhenStartedTwiceAndReclaimWhatAKilledOneLeft() {
        long pid = startService();
        Run second = run("service", "start");
        assertEquals(1, second.code());
        assertTrue(second.err().contains("already runs") && second.err().contains("pid " + pid), second.err());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await("the killed service to be gone", () -> ProcessHandle.of(pid).isEmpty(), Duration.ofSeconds(30));
        Run again = run("service", "start", "--workers", "2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("reclaimed service"), again.out());
        Run status = run("service", "status", "--json");
        assertEquals(0, status.code());
        assertEquals(2, status.json().get("workerSlots").size());
        Run stop = run("service", "stop");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(ServiceAdmin.status(dir).isEmpty());
        assertEquals(3, run("service", "status").code(), "no service runs");
    }
}
