package dev.shmc.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
    @Test
    void shouldParseHostPortForms() {
        assertEquals(new HostPort("10.0.0.1", 5701), HostPort.parse("--members", "10.0.0.1:5701"));
        assertEquals(new HostPort("node-2.lab", 6000), HostPort.parse("--members", " node-2.lab:6000 "));
        assertEquals(new HostPort("::1", 5702), HostPort.parse("--members", "[::1]:5702"));
        assertEquals("[::1]:5702", HostPort.parse("--members", "[::1]:5702").toString());
        assertEquals(new HostPort("127.0.0.1", 5701), HostPort.parse("--bind", "127.0.0.1", 5701));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host", ":5701", "host:", "host:0", "host:65536", "host:port", "::1:5701", "[::1", "[::1]x", "a b:1",
            "h/x:1", "host:+5701", "host:\u0665\u0667\u0660\u0661"})
    void shouldRejectWhatIsNotHostColonPort(String text) {
        assertThrows(BadInputException.class, () -> HostPort.parse("--members", text));
    }
}
