package dev.shmc.cli;

import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        List<Regions.Listing> listings = Regions.listAll(); // the region directory, and the fallback one if it exists
        List<Regions.RegionInfo> candidates = new ArrayList<>();
        List<Regions.Skipped> skipped = new ArrayList<>();
        for (Regions.Listing listing : listings) {
            listing.regions().stream().filter(i -> !i.creatorAlive() && (all || i.stale())).forEach(candidates::add);
            skipped.addAll(listing.skipped());
        }
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
        String dirs = String.join(" and ", listings.stream().map(l -> l.directory().toString()).toList());
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directory", listings.get(0).directory().toString());
            m.put("fallbackDirectory", Regions.fallbackDirectory() == null ? null : Regions.fallbackDirectory().toString());
            m.put("stale", candidates.stream().map(Regions.RegionInfo::name).toList());
            m.put("removed", removed.size());
            m.put("leftAlone", skipped.stream().map(s -> s.path() + ": " + s.reason()).toList());
            out().println(Json.write(m));
            return Main.OK;
        }
        for (Regions.RegionInfo info : candidates) {
            String what = info.damage() != null ? "damaged: " + info.damage() : Regions.human(info.payloadLength());
            String where = info.path().getParent().equals(listings.get(0).directory()) ? "" : " in " + info.path().getParent();
            out().println((dryRun ? "would remove " : "removed ") + info.name() + where + " (" + what + ", creator pid " + info.creatorPid() + " gone)");
        }
        for (Regions.Skipped s : skipped) {
            out().println("left alone " + s.path().getFileName() + ": " + s.reason());
        }
        out().println(candidates.isEmpty() ? "nothing stale in " + dirs : (dryRun ? candidates.size() + " stale region(s)" : removed.size() + " removed"));
        return Main.OK;
    }
}
