package dev.shmc.cli;

import dev.shmc.engine.service.ServiceAdmin;
import dev.shmc.shm.region.Regions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shmc cancel JOB}: cancels a job queued or running on the service, from any terminal of its user. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = {
        "Cancel a job queued or running on the shmc service (see 'shmc service status' and 'shmc jobs'), from any terminal.",
        "The job ends cancelled: the command that submitted it reports its partial result and exits 1."})
public final class CancelCommand extends ShmcCommand implements Callable<Integer> {
    /** How long to wait for the job to end after asking. */
    static final long WAIT_MS = 30_000;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id, as 'shmc jobs' and 'shmc service status' show it.")
    String job;

    @Override
    public Integer call() throws InterruptedException {
        if (job.isBlank() || job.length() > 100 || !job.matches("[A-Za-z0-9._-]+")) {
            throw new BadInputException("not a job id: '" + job + "'");
        }
        Path dir = Regions.directory();
        if (!ServiceAdmin.cancel(dir, job)) {
            boolean running = ServiceAdmin.status(dir).isPresent();
            throw new BadInputException(running ? "no job " + job + " is queued or running on the shmc service (see 'shmc service status')"
                    : "no shmc service runs for this user; 'shmc cancel' cancels jobs of the service (a command running on workers of its own stops with Ctrl-C)");
        }
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            boolean present = ServiceAdmin.status(dir).map(s -> s.jobs().stream()
                    .anyMatch(j -> j.id().equals(job) && !j.state().equals("done"))).orElse(false);
            if (!present) {
                out().println("cancelled job " + job);
                return Main.OK;
            }
            Thread.sleep(5);
        }
        err().println("shmc: asked the service to cancel job " + job + "; it has not ended within " + WAIT_MS / 1000 + " s");
        return Main.FAILURE;
    }
}
