/**
 * {@code lwsctl}: the command-line client of a running lwsd. It speaks only the control protocol
 * ({@code docs/CONTROL.md}: line-delimited JSON over a Unix-domain stream socket) and depends on no
 * daemon module.
 *
 * <p>Uses picocli for the command line (its annotations are read reflectively, hence the {@code opens})
 * and jackson-core's streaming API for JSON. Exports nothing: the launcher's main class is
 * {@code lws.ctl.Lwsctl}.
 */
module lws.ctl {
    requires info.picocli;
    requires com.fasterxml.jackson.core;

    opens lws.ctl to info.picocli;
}
