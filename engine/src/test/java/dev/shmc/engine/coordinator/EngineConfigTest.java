package dev.shmc.engine.coordinator;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ControlDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(EngineConfig.AOT_CACHE_PROPERTY);
    }

    @Test
    void shouldStartWorkerJvmsFromTheLaunchersCacheWhenThereIsOne() throws Exception {
        Path cache = Files.writeString(dir.resolve("shmc-0123.aot"), "x");
        System.setProperty(EngineConfig.AOT_CACHE_PROPERTY, cache.toString());
        List<String> options = EngineConfig.classDataOptions();
        assertEquals(List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off"), options);
        assertTrue(ProcessWorkerPool.baseCommand(dir.resolve("ctl")).containsAll(options));
        assertFalse(ProcessWorkerPool.baseCommand(dir.resolve("ctl")).contains("-Xshare:auto"),
                "the JVM refuses -Xshare with -XX:AOTCache");
    }

    @Test
    void shouldUseTheDefaultArchiveWithoutACache() {
        assertEquals(List.of("-Xshare:auto"), EngineConfig.classDataOptions());
        System.setProperty(EngineConfig.AOT_CACHE_PROPERTY, dir.resolve("gone.aot").toString());
        assertEquals(List.of("-Xshare:auto"), EngineConfig.classDataOptions(), "a cache removed since start is skipped");
    }

    @Test
    void shouldKeepResultsInlineUpToTheControlRegionsSlotSize() {
        assertEquals(ControlDescriptor.MAX_RESULT_WORDS, Kernel.INLINE_RESULT_WORDS);
        assertEquals(Long.MAX_VALUE, EngineConfig.maxChunksForResult(Kernel.INLINE_RESULT_WORDS));
        assertEquals(EngineConfig.RESULT_MEMORY / ((Kernel.INLINE_RESULT_WORDS + 1) * 8L),
                EngineConfig.maxChunksForResult(Kernel.INLINE_RESULT_WORDS + 1));
        assertEquals(1, EngineConfig.maxChunksForResult(dev.shmc.engine.api.ResultLayout.MAX_WORDS), "at least one chunk");
    }

    @Test
    void shouldCutTheDefaultGridByTheJobAlone() {
        assertEquals(1, EngineConfig.defaultChunkSize(0));
        assertEquals(1, EngineConfig.defaultChunkSize(EngineConfig.DEFAULT_CHUNKS));
        assertEquals(2, EngineConfig.defaultChunkSize(EngineConfig.DEFAULT_CHUNKS + 1));
    }
}
