/**
 * {@code lwsctl}: the command-line client of a running lwsd. It speaks only the control protocol
 * ({@code docs/CONTROL.md}: line-delimited JSON over a Unix-domain stream socket) and depends on no
 * daemon module.
 *
 * <p>Uses Apache Commons CLI for the command line and jackson-core's streaming API for JSON. Exports
 * only its entry point, {@link lws.ctl.Lwsctl} (with {@link lws.ctl.ExitCode}): the image's multi-call
 * launcher module {@code lws.launcher} calls it.
 */
module lws.ctl {
    requires org.apache.commons.cli;
    requires com.fasterxml.jackson.core;

    exports lws.ctl;
}
