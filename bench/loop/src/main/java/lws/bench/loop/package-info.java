/**
 * Benchmark of the lws event loop ({@link lws.system.EventLoop}) against Netty 4.1's
 * {@code NioEventLoop} and a single-thread {@link java.util.concurrent.ExecutorService}, measured in one
 * run by {@code bench/loop.sh}: task throughput with 1 and 4 producers ({@link lws.bench.loop.Throughput}),
 * ping-pong round-trip percentiles ({@link lws.bench.loop.PingPong}) and heap bytes retained per pending
 * task ({@link lws.bench.loop.Retained}). {@link lws.bench.loop.LoopBench} drives the phases and prints
 * the table. Class path only: JMH is an automatic module.
 */
package lws.bench.loop;
