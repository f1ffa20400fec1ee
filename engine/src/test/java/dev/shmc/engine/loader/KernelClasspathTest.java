package dev.shmc.engine.loader;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.JobSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's own classpath as the builder takes it: the checks on each entry, and the reserved parameter it travels as. */
class KernelClasspathTest {
    @TempDir
    Path dir;

    private Path jar;
    private Path classes;

    @BeforeEach
    void makeEntries() throws IOException {
        classes = KernelSources.privateDirectory(dir.resolve("classes"));
        jar = Files.writeString(dir.resolve("k.jar"), "not read here");
        Files.setPosixFilePermissions(jar, KernelSources.OWNER_ONLY_FILE);
    }

    private static JobSpec.Builder job() {
        return JobSpec.builder(KernelSources.KERNEL).units(10);
    }

    private static String refusal(JobSpec.Builder b, Path... entries) {
        return assertThrows(IllegalArgumentException.class, () -> b.classpath(entries)).getMessage();
    }

    @Test
    void shouldStoreAbsoluteNormalizedEntriesInTheReservedParameter() {
        JobSpec spec = job().classpath(jar, dir.resolve("classes/../classes")).build();
        assertEquals(jar + File.pathSeparator + classes, spec.params().getString(JobSpec.CLASSPATH_PARAM));
    }

    @Test
    void shouldGiveTheEntriesBackAsPaths() {
        assertEquals(List.of(jar, classes), job().classpath(List.of(jar, classes)).build().classpath());
    }

    @Test
    void shouldHaveNoClasspathByDefault() {
        JobSpec spec = job().build();
        assertEquals(List.of(), spec.classpath());
        assertFalse(spec.params().has(JobSpec.CLASSPATH_PARAM));
    }

    @Test
    void shouldClearTheClasspathWhenGivenNoEntries() {
        assertFalse(job().classpath(jar).classpath().build().params().has(JobSpec.CLASSPATH_PARAM));
    }

    @Test
    void shouldRefuseAMissingEntry() {
        Path missing = dir.resolve("missing.jar");
        assertEquals("kernel classpath entry " + missing + " does not exist", refusal(job(), missing));
    }

    @Test
    void shouldRefuseAFileThatIsNotAJar() throws IOException {
        Path zip = Files.writeString(dir.resolve("k.zip"), "");
        assertEquals("kernel classpath entry " + zip + " is neither a .jar file nor a directory", refusal(job(), zip));
    }

    @Test
    void shouldRefuseAJarWritableByOthers() throws IOException {
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--rw-"));
        String message = refusal(job(), jar);
        assertTrue(message.startsWith("kernel classpath entry " + jar + " is writable by others (rw-r--rw-)"), message);
    }

    @Test
    void shouldRefuseADirectoryWritableByItsGroup() throws IOException {
        Files.setPosixFilePermissions(classes, PosixFilePermissions.fromString("rwxrwx---"));
        String message = refusal(job(), classes);
        assertTrue(message.startsWith("kernel classpath entry " + classes + " is writable by its group (rwxrwx---)"), message);
    }

    @Test
    void shouldNameTheFirstEntryThatFails() {
        Path missing = dir.resolve("missing");
        assertTrue(refusal(job(), jar, missing, dir.resolve("other")).startsWith("kernel classpath entry " + missing + " "));
    }
}
