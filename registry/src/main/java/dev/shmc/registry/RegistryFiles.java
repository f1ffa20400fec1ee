package dev.shmc.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The registry's two map files as files: what a look at each finds (missing, whole, damaged), the
 * locks of dead processes cleared, damaged files moved aside (never deleted). Called under the
 * registry lock ({@link RegistryLock}): exclusive for anything that changes a file.
 */
final class RegistryFiles {
    private static final DateTimeFormatter DAMAGED_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Path directory;
    private final RegistryLock registryLock;
    private final Consumer<String> warnings;

    RegistryFiles(Path directory, RegistryLock registryLock, Consumer<String> warnings) {
        this.directory = directory;
        this.registryLock = registryLock;
        this.warnings = warnings;
    }

    /**
     * What a look at a map file found: missing, whole (with its layout, and whether its global
     * lock is held) or damaged (why).
     */
    record Inspection(String fileName, boolean missing, ChronicleMapFile.Layout layout, boolean globalLockHeld, String damage) {
    }

    Inspection inspect(String fileName, String valueType) {
        Path file = directory.resolve(fileName);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ChronicleMapFile.Layout layout = ChronicleMapFile.check(channel, valueType);
            return new Inspection(fileName, false, layout, ChronicleMapFile.globalLockHeld(channel, layout), null);
        } catch (NoSuchFileException e) {
            return new Inspection(fileName, true, null, false, null);
        } catch (ChronicleMapFile.DamagedException e) {
            return new Inspection(fileName, false, null, false, e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the job registry file " + file + ": " + reason(e), e);
        }
    }

    /** Clears the locks left set in whole files; the caller holds the exclusive lock, so their holders are dead. */
    void clearDeadLocks(Inspection... files) {
        int cleared = 0;
        List<String> names = new ArrayList<>();
        for (Inspection f : files) {
            if (f.layout() == null) {
                continue;
            }
            Path file = directory.resolve(f.fileName());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                List<Long> held = ChronicleMapFile.heldLocks(channel, f.layout());
                if (!held.isEmpty()) {
                    ChronicleMapFile.clearLocks(channel, held);
                    cleared += held.size();
                    names.add(f.fileName());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot clear the locks of the job registry file " + file + ": " + reason(e), e);
            }
        }
        if (cleared > 0) {
            warnings.accept("released " + cleared + " lock(s) in the job registry " + String.join(" and ", names)
                    + " left by a process that died while writing it");
        }
    }

    /** Moves both map files aside (those there are), under one time stamp; says so on the warning sink. */
    /** Returns the warning it gave. */
    String moveAside(String damagedFile, String reason) {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DAMAGED_TIME);
        String suffix = ChronicleJobStore.DAMAGED_SUFFIX + stamp;
        for (int n = 2; Files.exists(directory.resolve(ChronicleJobStore.JOBS_FILE + suffix)) || Files.exists(directory.resolve(ChronicleJobStore.CHECKPOINTS_FILE + suffix)); n++) {
            suffix = ChronicleJobStore.DAMAGED_SUFFIX + stamp + "-" + n;
        }
        String other = damagedFile.equals(ChronicleJobStore.JOBS_FILE) ? ChronicleJobStore.CHECKPOINTS_FILE : ChronicleJobStore.JOBS_FILE;
        boolean otherMoved = false;
        registryLock.advanceGeneration(); // first: a process that sees a file gone must also see it replaced
        for (String name : List.of(damagedFile, other)) {
            Path from = directory.resolve(name);
            try {
                Files.move(from, directory.resolve(name + suffix), StandardCopyOption.ATOMIC_MOVE);
                otherMoved |= name.equals(other);
            } catch (NoSuchFileException gone) {
                // nothing to move
            } catch (IOException e) {
                throw new IllegalStateException("the job registry file " + from + " is damaged (" + reason + ") and cannot be moved aside: "
                        + reason(e), e);
            }
        }
        String movedAside = "the job registry " + damagedFile + " was damaged (" + reason + "); moved it to "
                + directory.resolve(damagedFile + suffix) + (otherMoved ? " (and " + other + " with it)" : "")
                + " and started a new one";
        warnings.accept(movedAside);
        return movedAside;
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
    }
}
