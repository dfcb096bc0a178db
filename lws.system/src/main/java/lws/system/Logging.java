package lws.system;

/**
 * Default slf4j-simple settings for the daemon: one line per event with time, level and logger, on
 * standard error. Properties already set (e.g. {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug})
 * win. Must run before the first logger is created.
 */
final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    static void configureDefaults() {
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent("showThreadName", "false");
        setIfAbsent("showShortLogName", "true");
        setIfAbsent("levelInBrackets", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
