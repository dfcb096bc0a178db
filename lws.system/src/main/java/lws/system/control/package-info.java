/**
 * The control socket of lwsd: line-delimited JSON requests and replies over a Unix-domain stream socket
 * (protocol in {@code docs/CONTROL.md}), the OpenMetrics text, and the optional HTTP metrics endpoint.
 * Everything here runs on the system loop thread.
 */
package lws.system.control;
