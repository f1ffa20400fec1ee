package dev.shmc.engine.cli;

import dev.shmc.shm.region.Regions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shmc clean}: lists and removes stale regions (only files with the shmc magic). */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove stale regions: those whose creating process is gone (and, with --all, kept ones too). Only files with the shmc magic are touched.")
public final class CleanCommand extends ShmcCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--all", description = "Also remove kept regions whose creator is gone.")
    boolean all;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Path dir = Regions.directory();
        List<Regions.RegionInfo> candidates = Regions.list(dir).stream()
                .filter(i -> !i.creatorAlive() && (all || !i.kept())).toList();
        int removed = 0;
        for (Regions.RegionInfo info : candidates) {
            if (!dryRun) {
                try {
                    java.nio.file.Files.deleteIfExists(info.path());
                    removed++;
                } catch (java.io.IOException e) {
                    err().println("shmc: cannot remove " + info.path() + ": " + e.getMessage());
                }
            }
        }
        if (!dryRun) {
            Regions.removeDefaultDirectoryIfEmpty();
        }
        if (json) {
            out().println(Json.write(java.util.Map.of("directory", dir.toString(), "stale", candidates.stream().map(i -> i.name()).toList(),
                    "removed", removed)));
        } else {
            for (Regions.RegionInfo info : candidates) {
                out().println((dryRun ? "would remove " : "removed ") + info.name() + " (" + Regions.human(info.payloadLength())
                        + ", creator pid " + info.creatorPid() + " gone)");
            }
            out().println(candidates.isEmpty() ? "nothing stale in " + dir : (dryRun ? candidates.size() + " stale region(s)" : removed + " removed"));
        }
        return Main.OK;
    }
}
