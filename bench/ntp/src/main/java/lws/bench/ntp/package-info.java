/** Benchmark of the NTP helper's time to TIME_VALID against chronyd on loopback, with chronyd -Q as reference. */
package lws.bench.ntp;
