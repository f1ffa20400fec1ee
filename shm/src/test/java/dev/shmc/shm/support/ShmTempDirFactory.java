package dev.shmc.shm.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Makes JUnit temp directories on /dev/shm (tmpfs, where regions really live: sparse files, the
 * free space that {@code checkFreeSpace} sees), falling back to the JVM's temp directory when
 * /dev/shm is missing. JUnit deletes the directory and everything in it after the test, also when
 * it fails.
 */
public final class ShmTempDirFactory implements TempDirFactory {
    private static final Path DEV_SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext) throws Exception {
        Path base = Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM) ? DEV_SHM : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, "shmc-test-");
    }
}
