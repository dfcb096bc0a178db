/**
 * Example lwsd plug-in: a TCP and UDP echo service on a loopback port, started at OPERATIONAL.
 * It needs nothing but the app API.
 *
 * @provides lws.app.api.SystemApp the "echo" app
 */
module lws.example.echo {
    requires lws.app.api;

    provides lws.app.api.SystemApp with lws.example.echo.EchoApp;
}
