package dev.shmc.engine.service;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.engine.Engine;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.engine.api.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A service region that is not the user's own is never used: a client runs its jobs itself instead. */
@Timeout(60)
class ServiceTrustTest extends TempRegionDirectory {
    @Test
    void shouldNotUseAServiceRegionOfAnotherUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give the file away (CI runs as root)");
        try (Engine engine = Engine.builder().workers(1).mode(Mode.THREADS).directory(dir).build()) {
            String control = engine.controlPath().getFileName().toString().replace(".region", "");
            ServiceHost host = ServiceHost.open(dir, engine, control, line -> { });
            Thread serving = Thread.ofPlatform().start(host::run);
            Path region = ServiceRegion.path(dir);
            UserPrincipal owner = Files.getOwner(region);
            try {
                assertTrue(ServiceConnection.find(dir).isPresent(), "the user's own service is found");
                Files.setOwner(region, region.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
                assertTrue(ServiceConnection.find(dir).isEmpty(), "a region of another user is not a service to use");
                assertNull(CommandClient.run(dir, new String[] {"pi", "--samples", "1000"}, false), "nor one to hand a command to");
                assertTrue(Files.exists(region), "nor is it removed");
            } finally {
                Files.setOwner(region, owner);
                host.requestStop(true);
                serving.join(10_000);
                host.close();
            }
        }
    }
}
