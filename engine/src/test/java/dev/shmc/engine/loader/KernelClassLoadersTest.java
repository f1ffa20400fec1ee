package dev.shmc.engine.loader;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of class loaders of jobs' classpaths: shared per version of the entries, checked each time, bounded. */
class KernelClassLoadersTest {
    @TempDir
    static Path compiled;

    @TempDir
    Path dir;

    private static Path classes1;
    private static Path classes3;

    @BeforeAll
    static void compileKernels() throws IOException {
        classes1 = KernelSources.compile(compiled.resolve("factor1"), 1);
        classes3 = KernelSources.compile(compiled.resolve("factor3"), 3);
    }

    private static long factor(ClassLoader loader) throws ReflectiveOperationException {
        return Class.forName(KernelSources.KERNEL, true, loader).getDeclaredField("FACTOR").getLong(null);
    }

    @Test
    void shouldUseTheEnginesLoaderWithoutAClasspath() {
        assertSame(KernelClassLoaders.engineLoader(), KernelClassLoaders.forClasspath(null));
        assertSame(KernelClassLoaders.engineLoader(), KernelClassLoaders.forClasspath(""));
    }

    @Test
    void shouldLoadTheKernelFromTheJar() throws Exception {
        Path jar = KernelSources.jar(classes1, dir.resolve("k.jar"));
        ClassLoader loader = KernelClassLoaders.forClasspath(jar.toString());
        assertEquals(1, factor(loader));
        assertSame(loader, Class.forName(KernelSources.KERNEL, false, loader).getClassLoader());
    }

    @Test
    void shouldShareOneLoaderBetweenJobsOfTheSameClasspath() throws IOException {
        Path jar = KernelSources.jar(classes1, dir.resolve("k.jar"));
        String classpath = KernelClasspath.text(List.of(jar, classes3));
        assertSame(KernelClassLoaders.forClasspath(classpath), KernelClassLoaders.forClasspath(classpath));
    }

    @Test
    void shouldMakeANewLoaderForAJarRebuiltInPlace() throws Exception {
        Path jar = KernelSources.jar(classes1, dir.resolve("k.jar"));
        ClassLoader before = KernelClassLoaders.forClasspath(jar.toString());
        FileTime built = Files.getLastModifiedTime(jar);
        KernelSources.jar(classes3, jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 1000)); // a rebuild a second later, on any file system
        ClassLoader after = KernelClassLoaders.forClasspath(jar.toString());
        assertNotSame(before, after);
        assertEquals(3, factor(after));
    }

    @Test
    void shouldKeyAClassDirectoryByItsPathOnly() throws IOException {
        ClassLoader before = KernelClassLoaders.forClasspath(classes1.toString());
        Files.writeString(classes1.resolve("added.txt"), "a new file in the directory");
        try {
            assertSame(before, KernelClassLoaders.forClasspath(classes1.toString()));
        } finally {
            Files.delete(classes1.resolve("added.txt"));
        }
    }

    @Test
    void shouldCheckTheEntriesAgainWhenLoading() throws IOException {
        Path jar = KernelSources.jar(classes1, dir.resolve("k.jar"));
        String classpath = KernelClasspath.text(List.of(jar));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelClassLoaders.forClasspath(classpath));
        assertTrue(e.getMessage().startsWith("kernel classpath entry " + jar + " is writable by others"), e.getMessage());
    }

    @Test
    void shouldDropButNotCloseTheLeastRecentlyUsedLoaderBeyondTheBound() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i <= EngineConfig.KERNEL_LOADERS; i++) {
            Path d = KernelSources.privateDirectory(dir.resolve("classes" + i));
            Files.writeString(d.resolve("marker.txt"), "entry " + i);
            dirs.add(d);
        }
        ClassLoader first = KernelClassLoaders.forClasspath(dirs.get(0).toString());
        assertNotNull(first.getResource("marker.txt"));
        for (Path d : dirs.subList(1, dirs.size())) {
            KernelClassLoaders.forClasspath(d.toString());
        }
        assertNotNull(first.getResource("marker.txt"), "a dropped loader still loads, for a job that still runs with it");
        assertNotSame(first, KernelClassLoaders.forClasspath(dirs.get(0).toString()), "the next job gets a new one");
    }

    @Test
    void shouldKeepARecentlyUsedLoader() throws IOException {
        ClassLoader kept = KernelClassLoaders.forClasspath(classes3.toString());
        for (int i = 0; i < EngineConfig.KERNEL_LOADERS - 1; i++) {
            KernelClassLoaders.forClasspath(KernelSources.privateDirectory(dir.resolve("classes" + i)).toString());
            assertSame(kept, KernelClassLoaders.forClasspath(classes3.toString()));
        }
        KernelClassLoaders.forClasspath(KernelSources.privateDirectory(dir.resolve("one-more")).toString());
        assertSame(kept, KernelClassLoaders.forClasspath(classes3.toString()));
    }

    @Test
    void shouldNameTheJobsClasspathAsSearched() {
        ClassLoader loader = KernelClassLoaders.forClasspath(classes1.toString());
        assertEquals("the engine's classpath and the job's, " + classes1, KernelClassLoaders.searched(loader));
    }

    @Test
    void shouldSetAndRestoreTheContextClassLoader() {
        ClassLoader loader = KernelClassLoaders.forClasspath(classes1.toString());
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (KernelClassLoaders.ContextLoader context = KernelClassLoaders.asContextLoader(loader)) {
            assertSame(loader, Thread.currentThread().getContextClassLoader());
        }
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void shouldLeaveTheContextClassLoaderAloneForTheEnginesLoader() {
        ClassLoader host = new ClassLoader(KernelClassLoaders.engineLoader()) { };
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(host);
        try (KernelClassLoaders.ContextLoader context = KernelClassLoaders.asContextLoader(KernelClassLoaders.engineLoader())) {
            assertSame(host, t.getContextClassLoader());
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
