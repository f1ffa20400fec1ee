package dev.shmc.shm.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.io.TempDir;

/** A per-test region directory on /dev/shm, deleted after the test: {@code @ShmTempDir Path dir}. */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@TempDir(factory = ShmTempDirFactory.class)
public @interface ShmTempDir {
}
