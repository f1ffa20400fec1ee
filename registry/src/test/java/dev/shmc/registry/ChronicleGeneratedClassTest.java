package dev.shmc.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;

/**
 * The engine ships Chronicle Values' generated {@code VanillaGlobalMutableState$$Native} so that
 * opening the registry does not run javac: Chronicle must pick the shipped class, and it must be
 * what the Chronicle Values on the classpath generates (else regenerate it after an upgrade, as its
 * header says).
 */
class ChronicleGeneratedClassTest {
    private static final String NAME = "VanillaGlobalMutableState$$Native";

    @Test
    void shouldShipTheClassChronicleValuesWouldCompileAtRunTime() throws Exception {
        Class<?> shipped = Class.forName("net.openhft.chronicle.hash." + NAME);
        assertSame(shipped, Values.nativeClassFor(VanillaGlobalMutableState.class), "Chronicle uses the shipped class");

        Method generate = Class.forName("net.openhft.chronicle.values.Generators")
                .getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true);
        String generated = (String) generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class), NAME);

        Path source = Path.of(System.getProperty("basedir", "."), "src/main/java/net/openhft/chronicle/hash", NAME + ".java");
        String text = Files.readString(source);
        String code = text.substring(text.indexOf("*/") + 2) // the header comment
                .lines().filter(l -> !l.startsWith("@SuppressWarnings")).reduce("", (a, l) -> a + l.stripTrailing() + "\n");
        String expected = generated.lines().reduce("", (a, l) -> a + l.stripTrailing() + "\n");
        assertEquals(expected.strip(), code.strip(), source + " is stale: regenerate it (see its header)");
    }
}
