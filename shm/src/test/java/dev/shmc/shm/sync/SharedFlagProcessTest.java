package dev.shmc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shmc.shm.support.Await;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SharedFlag} across real processes, with the data it publishes. */
@Tag("slow")
class SharedFlagProcessTest {
    private static final long VALUE = 0x5EED_CAFEL;

    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @ShmTempDir
    Path dir;

    @Test
    void shouldSeeFlagRaisedInAnotherProcess() {
        try (TestSync sync = TestSync.create(dir, "raised-there")) {
            ChildJvm raiser = children.start(dir, FlagChild.class, "raised-there", "raise", Long.toString(VALUE));

            TestSync.awaitFlag(sync.flag(), Await.LONG_ENOUGH);
            assertEquals(VALUE, sync.a(), "data written before the flag was raised");
            raiser.assertExitsNormally();
        }
    }

    @Test
    void shouldSeeFlagRaisedHereInAnotherProcess() {
        try (TestSync sync = TestSync.create(dir, "raised-here")) {
            ChildJvm watcher = children.start(dir, FlagChild.class, "raised-here", "watch", Long.toString(VALUE));

            sync.setA(VALUE);
            sync.flag().setRelease();
            TestSync.awaitFlag(sync.ack(), Await.LONG_ENOUGH);
            assertEquals(VALUE, sync.ack().getAcquire(), "what the other process read after seeing the flag");
            watcher.assertExitsNormally();
        }
    }
}
