package dev.shmc.cli;

import dev.shmc.engine.control.ControlRegion;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shmc stat [NAME|PATH]}: maps a region read-only and prints its header (and a control region's flags and counters). */
@Command(name = "stat", mixinStandardHelpOptions = true, description = "Print a region's header, flags and counters (read-only); with no argument, list the regions.")
public final class StatCommand extends ShmcCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME|PATH", description = "Region name (in the shmc directory) or path of a region file.")
    String target;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (target == null) {
            List<Regions.Listing> listings = Regions.listAll(); // the region directory, and the fallback one if it exists
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Map<String, Object>> skipped = new ArrayList<>();
            for (Regions.Listing listing : listings) {
                for (Regions.RegionInfo info : listing.regions()) {
                    rows.add(describe(info));
                }
                for (Regions.Skipped sk : listing.skipped()) {
                    skipped.add(Map.of("path", sk.path().toString(), "reason", sk.reason()));
                }
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("directory", listings.get(0).directory().toString());
                m.put("fallbackDirectory", Regions.fallbackDirectory() == null ? null : Regions.fallbackDirectory().toString());
                m.put("regions", rows);
                m.put("skipped", skipped);
                out().println(Json.write(m));
                return Main.OK;
            }
            for (Regions.Listing listing : listings) {
                out().println((listing == listings.get(0) ? "directory " : "fallback directory (disk-backed) ") + listing.directory() + ": "
                        + listing.regions().size() + " region(s)"
                        + (listing.skipped().isEmpty() ? "" : ", " + listing.skipped().size() + " other file(s) skipped"));
                for (Regions.RegionInfo info : listing.regions()) {
                    String size = info.damage() != null ? "damaged: " + info.damage()
                            : String.format("%-8s %12s", RegionDescriptor.kindName(info.kind()), Regions.human(info.payloadLength()));
                    String renamed = info.damage() == null && !info.headerName().equals(info.name()) ? " (its header names it " + info.headerName() + ")" : "";
                    out().printf("  %-32s %s  creator pid %d %s%s%s%n", info.name(), size, info.creatorPid(),
                            info.creatorAlive() ? "(alive)" : "(gone)", info.kept() && info.damage() == null ? " kept" : "", renamed);
                }
                for (Regions.Skipped sk : listing.skipped()) {
                    out().printf("  skipped %s: %s%n", sk.path().getFileName(), sk.reason());
                }
            }
            return Main.OK;
        }
        Path path = resolve(target);
        try (SharedRegion region = SharedRegion.attach(path, true)) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", path.toString());
            out.put("name", region.name());
            out.put("kind", RegionDescriptor.kindName(region.kind()));
            out.put("version", RegionDescriptor.major(region.version()) + "." + RegionDescriptor.minor(region.version()));
            out.put("payloadBytes", region.payloadLength());
            out.put("creatorPid", region.creatorPid());
            out.put("creatorAlive", dev.shmc.shm.region.Processes.isAlive(region.creatorPid(), region.creatorStartMillis()));
            out.put("createdAt", Instant.ofEpochMilli(region.createdAtMillis()).toString());
            out.put("kept", region.isKept());
            out.put("layout", region.isNpyFile() ? "npy (numpy.load opens it)" : "classic");
            if (region.kind() == RegionDescriptor.KIND_ARRAY) {
                out.put("elementType", region.metadata().get(ValueLayout.JAVA_INT, 0));
                out.put("length", region.metadata().get(ValueLayout.JAVA_LONG, 8));
            }
            if (region.kind() == RegionDescriptor.KIND_CONTROL) {
                out.putAll(control(region));
            }
            if (json) {
                out().println(Json.write(out));
            } else {
                out.forEach((k, v) -> out().printf("%-16s %s%n", k, v));
            }
        }
        return Main.OK;
    }

    private static Map<String, Object> describe(Regions.RegionInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("headerName", info.headerName());
        m.put("damage", info.damage());
        m.put("kind", RegionDescriptor.kindName(info.kind()));
        m.put("payloadBytes", info.payloadLength());
        m.put("creatorPid", info.creatorPid());
        m.put("creatorAlive", info.creatorAlive());
        m.put("kept", info.kept());
        m.put("path", info.path().toString());
        return m;
    }

    private static Map<String, Object> control(SharedRegion region) {
        ControlRegion.Status st = ControlRegion.status(region); // the protocol's own reader
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", st.workers());
        m.put("jobSequence", st.jobSequence());
        m.put("jobState", st.jobState());
        m.put("stopFlag", st.stopFlag());
        m.put("shutdownFlag", st.shutdownFlag());
        m.put("chunks", st.chunks());
        m.put("chunksFinished", st.chunksFinished());
        m.put("cursor", st.cursor());
        m.put("requeues", st.requeues());
        m.put("workerSlots", st.workerSlots().stream()
                .map(w -> "worker " + w.index() + ": pid " + w.pid() + ", " + w.state() + ", chunks " + w.chunks()).toList());
        return m;
    }

    static Path resolve(String target) {
        if (target.contains("/")) {
            Path p = Path.of(target);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new RegionException(RegionException.Reason.NOT_FOUND, "no such file: " + target);
            }
            return p;
        }
        return Regions.locate(target);
    }
}
