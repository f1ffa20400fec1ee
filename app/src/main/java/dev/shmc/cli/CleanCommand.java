package dev.shmc.cli;

import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shmc clean}: lists and removes stale regions: regular files of the user's with the shmc
 * magic whose creator is gone. Anything else in the directory is left alone, unopened.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove stale regions: those whose creating process is gone (and, with --all, kept ones too), and damaged ones whose creator is gone.",
                "Only regular files of yours with the shmc magic are touched; anything else is left alone without being opened."})
public final class CleanCommand extends ShmcCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--all", description = "Also remove kept regions whose creator is gone.")
    boolean all;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Regions.Listing listing = Regions.list(Regions.directory());
        Path dir = listing.directory();
        List<Regions.RegionInfo> candidates = listing.regions().stream()
                .filter(i -> !i.creatorAlive() && (all || i.stale())).toList();
        List<String> removed = new ArrayList<>();
        for (Regions.RegionInfo info : candidates) {
            if (!dryRun) {
                try {
                    Files.deleteIfExists(info.path());
                    removed.add(info.name());
                } catch (IOException e) {
                    err().println("shmc: cannot remove " + info.path() + ": " + e.getMessage());
                }
            }
        }
        if (!dryRun) {
            Regions.removeDefaultDirectoryIfEmpty();
        }
        if (json) {
            out().println(Json.write(Map.of("directory", dir.toString(), "stale", candidates.stream().map(Regions.RegionInfo::name).toList(),
                    "removed", removed.size(), "leftAlone", listing.skipped().stream().map(s -> s.path().getFileName() + ": " + s.reason()).toList())));
            return Main.OK;
        }
        for (Regions.RegionInfo info : candidates) {
            String what = info.damage() != null ? "damaged: " + info.damage() : Regions.human(info.payloadLength());
            out().println((dryRun ? "would remove " : "removed ") + info.name() + " (" + what + ", creator pid " + info.creatorPid() + " gone)");
        }
        for (Regions.Skipped s : listing.skipped()) {
            out().println("left alone " + s.path().getFileName() + ": " + s.reason());
        }
        out().println(candidates.isEmpty() ? "nothing stale in " + dir : (dryRun ? candidates.size() + " stale region(s)" : removed.size() + " removed"));
        return Main.OK;
    }
}
