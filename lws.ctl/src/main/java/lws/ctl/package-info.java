/**
 * {@code lwsctl}: the commands ({@link lws.ctl.Lwsctl} is the entry point and parses the command line with Apache Commons CLI), the control-socket client
 * and the renderers of the daemon's replies (aligned {@code label: value} blocks like timedatectl's).
 *
 * <p>Threading: one command runs on the caller's thread from start to end; nothing here is shared.
 */
package lws.ctl;
