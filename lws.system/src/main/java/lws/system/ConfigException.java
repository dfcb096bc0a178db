package lws.system;

/**
 * A configuration the daemon refuses: an unknown key, a bad value, or a file it cannot read. The message
 * is one line that names the key and what it accepts.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the key and the accepted values */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the key
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
