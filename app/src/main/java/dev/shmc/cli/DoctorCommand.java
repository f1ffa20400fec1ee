package dev.shmc.cli;

import dev.shmc.cli.doctor.Checkup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shmc doctor}: what shmc finds on this host and will do there, on one screen, and each problem with its fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = {
        "Show what shmc finds on this host and will do there: the JDK and its flags, cores, the CPU's vectors and caches,",
        "memory and the cgroup's limits, /dev/shm, the region, fallback and state directories (owner, mode, free space),",
        "stale regions, huge pages and the service; then each problem with its fix.",
        "Exit 0 when nothing stops a job from running (problems that only cost speed or room included), 1 otherwise."})
public final class DoctorCommand extends ShmcCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: facts (by label), problems, ok.")
    boolean json;

    @Override
    public Integer call() {
        Checkup c = Checkup.run(Main.VERSION);
        if (json) {
            Map<String, Object> facts = new LinkedHashMap<>();
            for (Checkup.Fact f : c.facts()) {
                facts.put(f.label(), f.json().isEmpty() ? f.text() : f.json());
            }
            List<Map<String, Object>> problems = new ArrayList<>();
            for (Checkup.Problem p : c.problems()) {
                problems.add(Map.of("blocking", p.blocking(), "problem", p.what(), "fix", p.fix()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", !c.blocked());
            m.put("facts", facts);
            m.put("problems", problems);
            out().println(Json.write(m));
        } else {
            for (Checkup.Fact f : c.facts()) {
                out().printf("%-10s %s%n", f.label(), f.text());
            }
            out().println();
            if (c.problems().isEmpty()) {
                out().println("no problems: shmc runs its jobs here at full speed");
            }
            for (Checkup.Problem p : c.problems()) {
                out().println((p.blocking() ? "BLOCKS JOBS: " : "problem: ") + p.what());
                out().println("  fix: " + p.fix());
            }
            if (!c.problems().isEmpty()) {
                out().println(c.blocked() ? "jobs cannot run until the blocking problem is fixed" : "nothing blocks a job");
            }
        }
        return c.blocked() ? Main.FAILURE : Main.OK;
    }
}
