package lws.system;

import lws.app.api.SystemState;

import java.util.Objects;

/**
 * What the app host knows of one app, for {@code lwsctl apps} and the logs.
 *
 * @param name the app's name
 * @param module the name of the module that provides it
 * @param origin {@code "boot layer"} or the plug-in path it was loaded from
 * @param startState the state at which it starts
 * @param status its lifecycle status
 * @param reason why it FAILED ("" otherwise)
 */
public record AppInfo(String name, String module, String origin, SystemState startState, Status status, String reason) {
    /** The lifecycle of an app. */
    public enum Status {
        /** Loaded; waiting for its start state. */
        WAITING,
        /** {@code start} returned normally. */
        RUNNING,
        /** {@code start} threw; see the reason. The system and other apps go on. */
        FAILED,
        /** {@code stop} was called (or the system was destroyed before it started). */
        STOPPED
    }

    /** Checks for nulls. */
    public AppInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(startState, "startState");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
