package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.worker.WorkerLoop;
import dev.shmc.shm.region.Processes;

/** Workers as daemon threads of the coordinator JVM, over the same control region. */
final class ThreadWorkerPool implements WorkerPool {
    private final ControlRegion ctl;
    private final Thread[] threads;

    ThreadWorkerPool(ControlRegion ctl) {
        this.ctl = ctl;
        this.threads = new Thread[ctl.workers()];
    }

    @Override
    public void start() {
        for (int i = 0; i < threads.length; i++) {
            WorkerLoop loop = new WorkerLoop(ctl, i);
            loop.announce(); // visible as READY before start() returns
            threads[i] = Thread.ofPlatform().daemon().name("shmc-worker-" + i).start(loop);
        }
    }

    @Override
    public boolean isAlive(int index) {
        return threads[index] != null && threads[index].isAlive();
    }

    @Override
    public void replace(int index) {
        WorkerLoop loop = new WorkerLoop(ctl, index);
        loop.announce();
        threads[index] = Thread.ofPlatform().daemon().name("shmc-worker-" + index).start(loop);
    }

    @Override
    public long pid(int index) {
        return Processes.selfPid();
    }

    @Override
    public void close() {
        for (Thread t : threads) {
            if (t != null) {
                try {
                    t.join(EngineConfig.WORKER_EXIT_TIMEOUT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] != null && threads[i].isAlive()) {
                ctl.setWorkerWord(i, W_STATE, WORKER_EXITED);
            }
        }
    }
}
