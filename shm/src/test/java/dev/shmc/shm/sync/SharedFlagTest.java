package dev.shmc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link SharedFlag} in one JVM. */
class SharedFlagTest {
    @ShmTempDir
    Path dir;

    @Test
    void shouldStayRaisedWithItsValueUntilCleared() {
        try (TestSync sync = TestSync.create(dir, "raise")) {
            SharedFlag flag = sync.flag();
            assertFalse(flag.isSet());
            flag.setRelease(7);
            assertTrue(flag.isSet());
            assertEquals(7, flag.getAcquire());
            flag.clear();
            assertFalse(flag.isSet());
            assertEquals(0, flag.getAcquire());
        }
    }

    @Test
    void shouldLetOnlyFirstCompareAndSetWin() {
        try (TestSync sync = TestSync.create(dir, "first")) {
            SharedFlag flag = sync.flag();
            assertTrue(flag.compareAndSet(3));
            assertFalse(flag.compareAndSet(4));
            assertEquals(3, flag.getAcquire());
        }
    }

    @Test
    void shouldRejectZeroAsRaisedValue() {
        try (TestSync sync = TestSync.create(dir, "zero")) {
            assertThrows(IllegalArgumentException.class, () -> sync.flag().setRelease(0));
        }
    }
}
