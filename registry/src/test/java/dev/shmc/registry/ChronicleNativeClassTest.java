package dev.shmc.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.security.CodeSource;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build generates Chronicle Values' {@code VanillaGlobalMutableState$$Native} into the
 * registry's classes (registry/pom.xml), so that opening a registry does not run javac: Chronicle
 * must use that class. One it compiled at run time would have no code source (it is defined from
 * bytes in memory), and a shipped one from elsewhere would have another.
 */
@Timeout(120)
class ChronicleNativeClassTest {
    @TempDir
    Path dir;

    @Test
    void shouldOpenTheRegistryWithTheBuiltClassNotOneCompiledAtRunTime() {
        try (ChronicleJobStore store = new ChronicleJobStore(dir, warning -> fail("unexpected warning: " + warning))) {
            assertTrue(store.list().isEmpty());
        }
        Class<?> used = Values.nativeClassFor(VanillaGlobalMutableState.class);
        assertEquals(VanillaGlobalMutableState.class.getName() + "$$Native", used.getName());
        CodeSource registry = ChronicleJobStore.class.getProtectionDomain().getCodeSource();
        assertEquals(registry, used.getProtectionDomain().getCodeSource(),
                "the class Chronicle opened the registry with comes from the registry's own classes");
    }
}
