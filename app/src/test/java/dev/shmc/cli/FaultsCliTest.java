package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.cli.CliRunner.Run;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ProcessRoles;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults tried as a user would, through the CLI: a worker JVM SIGKILLed in the middle of a run that
 * updates shared memory in place (exit 0 only with the exact answer), stat and clean on copied and
 * damaged region files, a coordinator killed mid-run (nothing left that clean cannot remove).
 */
@Tag("slow")
@Timeout(300)
class FaultsCliTest extends TempRegionDirectory {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    private static List<ProcessHandle> workers() {
        return ProcessHandle.current().children().filter(ProcessRoles::isWorker).toList();
    }

    /**
     * Runs the CLI on another thread and SIGKILLs one of its worker JVMs as soon as {@code when}
     * holds for the first region named {@code prefix*} in the directory (attached read-only), so that
     * the worker dies in the middle of the work the test is about.
     */
    private Run runKillingAWorker(String prefix, java.util.function.Predicate<SharedRegion> when, String... args) throws Exception {
        CompletableFuture<Run> cli = CompletableFuture.supplyAsync(() -> run(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean killed = false;
        while (!killed && !cli.isDone() && System.nanoTime() < deadline) {
            Path region;
            try (Stream<Path> files = dev.shmc.engine.TestFiles.list(dir)) {
                region = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElse(null);
            }
            if (region != null && workers().size() == 2) {
                try (SharedRegion r = SharedRegion.attach(region, true)) {
                    if (when.test(r)) {
                        workers().get(0).destroyForcibly();
                        killed = true;
                    }
                } catch (RuntimeException gone) {
                    // not published yet, or removed: look again
                }
            }
            Thread.sleep(1);
        }
        assertTrue(killed, "the moment to kill a worker never came");
        return cli.get(240, TimeUnit.SECONDS);
    }

    @Test
    void shouldExitZeroOnlyWithTheExactSumWhenAWorkerDiesAroundAnInPlaceScale() throws Exception {
        long n = 100_000_000;
        double exact = 2.0 * (n * (n - 1) / 2); // below 2^53: the compensated sum gives it exactly
        for (int attempt = 0; attempt < 3; attempt++) {
            // the fill is done and the scale has begun: the first element is scaled, the last one not yet
            long last = n - 1;
            Run r = runKillingAWorker("array-", a -> a.payload().getAtIndex(ValueLayout.JAVA_DOUBLE, 1) == 2.0
                    && a.payload().getAtIndex(ValueLayout.JAVA_DOUBLE, last) == last, "array", "--doubles", Long.toString(n), "--workers", "2",
                    "--ops", "scale,sum", "--json");
            if (r.code() == 0) {
                double sum = r.json().get("results").get("sum").asDouble();
                assertEquals(exact, sum, "exit 0 with a wrong sum: " + r.err());
            } else {
                assertEquals(1, r.code(), r.err());
                assertTrue(r.err().contains("may not be computed again") && r.err().contains("in place"), r.err());
            }
        }
        assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lock", "filelock"})
    void shouldExitZeroOnlyWithTheExactCountWhenAWorkerDiesInACountedRun(String sync) throws Exception {
        long m = sync.equals("lock") ? 3_000_000 : 300_000;
        // a tenth of the increments are done
        Run r = runKillingAWorker("counter-", c -> c.payload().get(ValueLayout.JAVA_LONG, 0) > m / 10, "counter", "--workers", "2",
                "--increments", Long.toString(m), "--sync", sync, "--json");
        if (r.code() == 0) {
            assertEquals(m, r.json().get("actual").asLong(), r.err());
        } else {
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("may not be computed again") && r.err().contains("shared counter"), r.err());
        }
        assertNothingLeft();
    }

    @Test
    void shouldListAndCleanRegionsByTheirFileNames() throws Exception {
        try (SharedRegion src = SharedRegion.create(dir, "src1", RegionDescriptor.KIND_GENERIC, 8192)) {
            for (int i = 0; i < 3; i++) {
                Path copy = dir.resolve("copy" + i + RegionDescriptor.FILE_SUFFIX);
                Files.copy(src.path(), copy);
                writeLong(copy, RegionDescriptor.CREATOR_PID_OFFSET, Integer.MAX_VALUE - i); // a creator that is gone
            }
            writeLong(dir.resolve("copy2" + RegionDescriptor.FILE_SUFFIX), RegionDescriptor.PAYLOAD_LENGTH_OFFSET, -4096);
            Run stat = run("stat");
            assertEquals(0, stat.code(), stat.err());
            for (String name : List.of("src1", "copy0", "copy1", "copy2")) {
                assertTrue(stat.out().contains("  " + name + " "), stat.out());
            }
            assertTrue(stat.out().contains("its header names it src1"), stat.out());
            assertTrue(stat.out().contains("damaged: corrupt or truncated header"), stat.out());
            assertFalse(stat.out().contains("-4096 B"), stat.out());

            Run clean = run("clean");
            assertEquals(0, clean.code(), clean.err());
            assertTrue(clean.out().contains("removed copy0") && clean.out().contains("removed copy2"), clean.out());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of("src1.region"), files.map(p -> p.getFileName().toString()).toList(), "only the live region stays");
            }
        }
    }

    @Test
    void shouldLeaveNothingThatCleanCannotRemoveWhenTheCoordinatorOfAFilelockRunIsKilled() throws Exception {
        ChildJvm child = children.start(dir, CoordinatorMain.class, dir.toString(), "counter", "--workers", "2", "--increments", "100000000",
                "--sync", "filelock");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            child.awaitLineStartingWith("WORKERS UP");
            Thread.sleep(300);
            child.kill();
            // its workers notice the coordinator is gone within a fraction of a second and remove its control region
            Thread.sleep(2000);
            Run clean = run("clean");
            assertEquals(0, clean.code(), clean.err());
            assertTrue(clean.out().contains("removed counter-" + child.pid()), clean.out());
            assertNothingLeft();
        } finally {
            child.kill();
        }
    }

    @Test
    void shouldRefuseARegionDirectoryOthersMayWriteWithOneLine() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Run r = run("pi", "--samples", "1e6", "--workers", "1");
            assertEquals(1, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("refusing to use region directory " + dir) && r.err().contains("drwxrwxrwx"), r.err());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count(), "nothing written into it");
            }
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Runs the CLI in a child JVM with the region directory {@code args[0]}; prints "WORKERS UP" once its worker JVMs run. */
    public static final class CoordinatorMain {
        public static void main(String[] args) {
            System.setProperty("shmc.dir", args[0]);
            Thread.ofPlatform().daemon().start(() -> {
                while (workers().size() < 2) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.out.println("WORKERS UP");
                System.out.flush();
            });
            System.exit(Main.execute(java.util.Arrays.copyOfRange(args, 1, args.length), new java.io.PrintWriter(System.out, true),
                    new java.io.PrintWriter(System.err, true)));
        }
    }

    private static void writeLong(Path file, long offset, long value) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }

    private void assertNothingLeft() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            try (Stream<Path> files = dev.shmc.engine.TestFiles.list(dir)) {
                left = files.map(p -> p.getFileName().toString()).toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left, "files left in " + dir);
    }
}
