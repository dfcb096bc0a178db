/**
 * The lwsd app API: {@link lws.app.api.SystemState}, the {@link lws.app.api.SystemApp} SPI and the
 * {@link lws.app.api.AppContext} an app is started with.
 *
 * <p>Threading: every callback an app receives runs on the system loop thread. Methods documented as
 * "any thread" may be called from anywhere; the others must be called on the loop.
 */
package lws.app.api;
