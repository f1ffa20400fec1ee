package dev.shmc.engine.loader;

import static dev.shmc.engine.loader.KernelSources.scaledSum;
import static dev.shmc.engine.loader.KernelSources.scaledSumOfSquares;
import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.ChunkFunction;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.ResultLayout;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs whose kernel is in a jar or a class directory the job names ({@code JobSpec.Builder.classpath}),
 * not on the classpath of the test, the coordinator or the worker JVMs: compiled while the test runs.
 */
@Timeout(120)
class JobClasspathTest {
    private static final long UNITS = 100_000;

    @TempDir
    static Path compiled;

    private static Path classes1;
    private static Path classes3;

    /** The engine's region directory. */
    @TempDir
    Path regions;

    /** This test's jars. */
    @TempDir
    Path dir;

    @BeforeAll
    static void compileKernels() throws IOException {
        classes1 = KernelSources.compile(compiled.resolve("factor1"), 1);
        classes3 = KernelSources.compile(compiled.resolve("factor3"), 3);
    }

    private Engine engine(Mode mode) {
        return Engine.builder().mode(mode).workers(2).directory(regions).build();
    }

    private Path jar(Path classes) throws IOException {
        return KernelSources.jar(classes, dir.resolve("kernels.jar"));
    }

    private static JobSpec kernelJob(Path... classpath) {
        return JobSpec.builder(KernelSources.KERNEL).classpath(classpath).units(UNITS).build();
    }

    /** The compiled {@code JarMath::sumOfSquares} as its user holds it: a method reference of a class loaded from the jar. */
    private static JobSpec methodJob(Path jar) throws Exception {
        try (URLClassLoader users = new URLClassLoader(new URL[] {jar.toUri().toURL()}, JobClasspathTest.class.getClassLoader())) {
            ChunkFunction compute = (ChunkFunction) Class.forName(KernelSources.MATH, true, users).getMethod("reference").invoke(null);
            return JobSpec.builder(ResultLayout.longs(1), compute).classpath(jar).units(UNITS).build();
        }
    }

    /** Rewrites the jar in place with the factor-3 classes, as a rebuild a second later would. */
    private static void rebuild(Path jar) throws IOException {
        FileTime built = Files.getLastModifiedTime(jar);
        KernelSources.jar(classes3, jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 1000));
    }

    @Test
    void shouldNotHaveTheCompiledKernelsOnTheTestClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(KernelSources.KERNEL));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(KernelSources.MATH));
    }

    @Test
    void shouldRunAKernelClassFromAJarOnWorkerThreads() throws IOException {
        try (Engine e = engine(Mode.THREADS)) {
            JobResult r = e.run(kernelJob(jar(classes1)));
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(scaledSum(1, UNITS), r.word(0));
        }
    }

    @Test
    void shouldRunAKernelClassFromAClassDirectory() {
        try (Engine e = engine(Mode.THREADS)) {
            assertEquals(scaledSum(3, UNITS), e.run(kernelJob(classes3)).word(0));
        }
    }

    @Test
    void shouldRunAKernelClassFromAJarInline() throws IOException {
        try (Engine e = engine(Mode.INLINE)) {
            assertEquals(scaledSum(1, UNITS), e.run(kernelJob(jar(classes1))).word(0));
        }
    }

    @Test
    void shouldRestoreTheCallersContextClassLoaderAfterAnInlineJob() throws IOException {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (Engine e = engine(Mode.INLINE)) {
            e.run(kernelJob(jar(classes1)));
        }
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void shouldRunAMethodReferenceFromAJarOnWorkerThreads() throws Exception {
        try (Engine e = engine(Mode.THREADS)) {
            assertEquals(scaledSumOfSquares(1, UNITS), e.run(methodJob(jar(classes1))).word(0));
        }
    }

    @Test
    void shouldKeepTwoVersionsOfAMethodsClassApart() throws Exception {
        Path jar1 = KernelSources.jar(classes1, dir.resolve("v1.jar"));
        Path jar3 = KernelSources.jar(classes3, dir.resolve("v3.jar"));
        try (Engine e = engine(Mode.THREADS)) {
            assertEquals(scaledSumOfSquares(1, UNITS), e.run(methodJob(jar1)).word(0));
            assertEquals(scaledSumOfSquares(3, UNITS), e.run(methodJob(jar3)).word(0));
            assertEquals(scaledSumOfSquares(1, UNITS), e.run(methodJob(jar1)).word(0));
        }
    }

    @Test
    void shouldRunTheRebuiltJarOnTheSameEngine() throws IOException {
        Path jar = jar(classes1);
        try (Engine e = engine(Mode.THREADS)) {
            assertEquals(scaledSum(1, UNITS), e.run(kernelJob(jar)).word(0));
            rebuild(jar);
            assertEquals(scaledSum(3, UNITS), e.run(kernelJob(jar)).word(0));
        }
    }

    @Test
    void shouldNameTheClasspathWhenTheKernelClassIsMissing() throws IOException {
        Path jar = jar(classes1);
        JobSpec spec = JobSpec.builder("loadertest.Missing").classpath(jar, classes3).units(10).build();
        try (Engine e = engine(Mode.INLINE)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.submit(spec));
            assertEquals("kernel class not found: loadertest.Missing (searched the engine's classpath and the job's, " + jar
                    + java.io.File.pathSeparator + classes3 + ")", x.getMessage());
        }
    }

    @Test
    void shouldRefuseAJobWhoseJarBecameWritableByOthersAfterItWasBuilt() throws IOException {
        Path jar = jar(classes1);
        JobSpec spec = kernelJob(jar);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--rw-"));
        try (Engine e = engine(Mode.THREADS)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.submit(spec));
            assertTrue(x.getMessage().startsWith("kernel classpath entry " + jar + " is writable by others"), x.getMessage());
        }
    }

    @Test
    @Tag("slow")
    void shouldRunAKernelClassFromAJarInWorkerJvms() throws IOException {
        try (Engine e = engine(Mode.PROCESSES)) {
            JobResult r = e.run(kernelJob(jar(classes1)));
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(scaledSum(1, UNITS), r.word(0));
        }
    }

    @Test
    @Tag("slow")
    void shouldRunAMethodReferenceFromAJarInWorkerJvms() throws Exception {
        try (Engine e = engine(Mode.PROCESSES)) {
            assertEquals(scaledSumOfSquares(1, UNITS), e.run(methodJob(jar(classes1))).word(0));
        }
    }

    @Test
    @Tag("slow")
    void shouldRunTheRebuiltJarInTheSameWorkerJvms() throws IOException {
        Path jar = jar(classes1);
        try (Engine e = engine(Mode.PROCESSES)) {
            long pid = e.workerPid(0);
            assertEquals(scaledSum(1, UNITS), e.run(kernelJob(jar)).word(0));
            rebuild(jar);
            assertEquals(scaledSum(3, UNITS), e.run(kernelJob(jar)).word(0));
            assertEquals(pid, e.workerPid(0), "the same worker JVM ran both versions");
        }
    }
}
