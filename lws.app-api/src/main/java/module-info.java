/**
 * The lwsd app API: everything a plug-in app sees, and nothing else.
 *
 * <p>Apps implement {@link lws.app.api.SystemApp} and are found by the daemon with
 * {@link java.util.ServiceLoader} (declare it with {@code provides lws.app.api.SystemApp with …}).
 * The API is tiny and stable on purpose: it has no dependency and its types are interfaces,
 * records and enums.
 *
 * @uses nothing
 * @provides nothing
 */
module lws.app.api {
    exports lws.app.api;
}
