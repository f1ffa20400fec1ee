package dev.shmc.engine.service;

import static dev.shmc.engine.service.ServiceDescriptor.*;

import dev.shmc.engine.api.Mode;
import dev.shmc.shm.region.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code shmc service status/stop} and {@code shmc cancel} commands do with a running
 * service, from any process of its user: look at its jobs, cancel one, ask it to stop.
 */
public final class ServiceAdmin {
    private ServiceAdmin() {
    }

    /** A job the service holds: queued, running, or done and not yet read by its client. */
    public record Job(String id, String label, String state, long clientPid, double progress, long ticket) {
    }

    /** The service as {@code shmc service status} shows it. */
    public record Status(long pid, long startMillis, String state, int workers, Mode mode, double startupSeconds, long heartbeatAgeMillis,
                         long jobsFinished, String controlName, List<Job> jobs) {
    }

    /** The status of the service in {@code dir}, if one runs there (a region left by a dead service is not one). */
    public static Optional<Status> status(Path dir) {
        try (ServiceRegion r = live(dir, true).orElse(null)) {
            if (r == null) {
                return Optional.empty();
            }
            List<Job> jobs = new ArrayList<>();
            for (int s = 0; s < SLOTS; s++) {
                long state = r.state(s);
                if (r.owner(s) != 0 && (state == SLOT_QUEUED || state == SLOT_RUNNING || state == SLOT_DONE || state == SLOT_SUBMITTED)) {
                    jobs.add(new Job(r.jobId(s), r.label(s), slotStateName(state), r.owner(s), r.progress(s), r.ticket(s)));
                }
            }
            jobs.sort(Comparator.comparingLong(Job::ticket));
            String state = switch ((int) r.serviceState()) {
                case (int) SERVICE_READY -> "ready";
                case (int) SERVICE_DRAINING -> "stopping";
                case (int) SERVICE_STOPPING -> "stopped";
                default -> "starting";
            };
            return Optional.of(new Status(r.servicePid(), r.serviceStartMillis(), state, r.workers(),
                    Mode.values()[Math.floorMod(r.mode(), Mode.values().length)], r.startupSeconds(),
                    System.currentTimeMillis() - r.heartbeat(), r.jobsFinished(), r.controlName(), jobs));
        }
    }

    /**
     * Asks the service in {@code dir} to cancel job {@code jobId}; true if the service holds that
     * job queued or running (it then ends CANCELLED, and its client reports the partial result).
     */
    public static boolean cancel(Path dir, String jobId) {
        try (ServiceRegion r = live(dir, false).orElse(null)) {
            if (r == null) {
                return false;
            }
            for (int s = 0; s < SLOTS; s++) {
                long state = r.state(s);
                if ((state == SLOT_QUEUED || state == SLOT_RUNNING) && jobId.equals(r.jobId(s))) {
                    r.requestCancel(s);
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Asks the service in {@code dir} to stop: after its queued and running jobs, or at once
     * cancelling them ({@code cancel}). Returns the service's PID, or empty when none runs.
     */
    public static Optional<Long> requestStop(Path dir, boolean cancel) {
        try (ServiceRegion r = live(dir, false).orElse(null)) {
            if (r == null) {
                return Optional.empty();
            }
            r.requestStop(cancel ? STOP_CANCEL : STOP_DRAIN);
            return Optional.of(r.servicePid());
        }
    }

    /** Whether process {@code pid} (a service) is still alive. */
    public static boolean alive(long pid) {
        return Processes.isAlive(pid, 0);
    }

    private static Optional<ServiceRegion> live(Path dir, boolean readOnly) {
        return ServiceRegion.attachLive(dir, readOnly);
    }
}
