/**
 * The echo example app: {@link lws.example.echo.EchoApp} serves TCP and UDP echo through the socket
 * service API of {@link lws.app.api.AppContext}.
 */
package lws.example.echo;
