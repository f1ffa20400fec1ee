package dev.shmc.cli.proc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    @Test
    void shouldReadThisProcesssMemoryInBytes() {
        Map<String, Object> me = ProcessMemory.read(ProcessHandle.current().pid(), "me");
        assertEquals("me", me.get("role"));
        assertEquals(ProcessHandle.current().pid(), me.get("pid"));
        long rss = ProcessMemory.bytes(me, "VmRSS");
        // kB in /proc: the figure in bytes is a multiple of 1024 and more than a JVM's first megabyte
        assertTrue(rss > 1 << 20 && rss % 1024 == 0, "VmRSS " + rss);
        assertTrue(ProcessMemory.bytes(me, "Pss") > 0, "smaps_rollup: " + me.get("smapsRollup"));
    }

    @Test
    void shouldLeaveOutTheFiguresOfAProcessThatIsGone() {
        Map<String, Object> gone = ProcessMemory.read(Long.MAX_VALUE, "gone");
        assertEquals(Map.of(), gone.get("status"));
        assertEquals(Map.of(), gone.get("smapsRollup"));
        assertEquals(-1, ProcessMemory.bytes(gone, "VmRSS"));
    }

    @Test
    void shouldReadTheAvailableMemory() {
        assertTrue(ProcessMemory.memAvailable() > 1 << 20);
    }
}
