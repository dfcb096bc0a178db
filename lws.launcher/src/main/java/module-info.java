/**
 * The image's one entry point: a multi-call main, like busybox's, whose first argument names the program
 * ({@code lwsd}, {@code lwsctl}, or {@code aot-training}). The launchers {@code bin/lwsd} and
 * {@code bin/lwsctl} both start this module with the same JVM options.
 *
 * <p>Why one main module: a JDK AOT cache keeps the module graph of its training run and is ignored by a
 * JVM whose main module differs. With one main module, one cache at {@code lib/server/classes.jsa},
 * trained by one run that exercises both programs, serves both launchers: the image carries one cache
 * instead of two (about 16 MB less), and {@code lwsctl} starts on classes that are already loaded and
 * linked.
 */
module lws.launcher {
    requires lws.system;
    requires lws.ctl;
}
