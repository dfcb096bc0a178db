/** Fixtures for the daemon's integration tests. */
package lws.it;
