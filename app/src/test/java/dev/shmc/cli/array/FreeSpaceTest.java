package dev.shmc.cli.array;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreeSpaceTest {
    @Test
    void shouldLetSmallArraysThrough() {
        assertEquals(Optional.empty(), FreeSpace.shortfall(0));
        assertEquals(Optional.empty(), FreeSpace.shortfall(1000));
    }

    @Test
    void shouldSayInOneLineWhyAnArrayDoesNotFit() {
        Optional<String> why = FreeSpace.shortfall(1L << 40); // 8 TiB
        assertTrue(why.isPresent());
        assertTrue(why.get().startsWith("not enough space for 1,099,511,627,776 doubles")
                || why.get().startsWith("not enough memory for 1,099,511,627,776 doubles"), why.get());
        assertEquals(1, why.get().lines().count());
    }
}
