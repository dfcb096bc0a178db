/**
 * Test fixtures for the daemon integration tests: a boot-layer app that fails on start. Not part of
 * the appliance image.
 *
 * @provides lws.app.api.SystemApp the "failing" app
 */
module lws.it {
    requires lws.system;

    provides lws.app.api.SystemApp with lws.it.FailingApp;
}
