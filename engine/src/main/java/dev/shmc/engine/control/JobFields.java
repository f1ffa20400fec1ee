package dev.shmc.engine.control;

/**
 * The fields of a job as the control region carries them: the coordinator publishes them
 * ({@link ControlRegion#publishJob}) and a worker reads them back ({@link ControlRegion#readJob}).
 *
 * @param firstUnit   the job's first work unit
 * @param totalUnits  how many units, from {@code firstUnit}
 * @param chunkSize   units per chunk (the last chunk may be shorter)
 * @param chunks      chunks of the job
 * @param schedule    the ordinal of the job's {@code Schedule}
 * @param seed        the job's seed
 * @param resultWords longs in a chunk's result
 * @param workers     workers of the engine that runs it
 * @param kernelClass the kernel's class name
 * @param params      the encoded parameters ({@code Params.encode})
 */
public record JobFields(long firstUnit, long totalUnits, long chunkSize, long chunks, int schedule, long seed, int resultWords,
                        int workers, String kernelClass, byte[] params) {
}
