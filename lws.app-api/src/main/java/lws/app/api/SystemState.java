package lws.app.api;

/**
 * The states of an lwsd system, in the order the system passes them on its way to {@link #OPERATIONAL}.
 *
 * <p>The first twelve constants form the <em>main sequence</em>; the system steps through each of them
 * in order and any party may hold a step until it is ready. {@link #POLICY_INVALID} and
 * {@link #CONTEXT_DESTROYING} are side states: they are entered directly and are never "passed" on the
 * way to {@code OPERATIONAL}.
 */
public enum SystemState {
    /** The system context exists; nothing has started. */
    CONTEXT_CREATED,
    /** The event loop runs and the helpers are started. */
    INITIALIZED,
    /** Network interfaces are enumerated and brought up. */
    IFACE_COLDPLUG,
    /** An address is configured: a DHCP lease is bound, or the host manages the interfaces. */
    DHCP,
    /** Captive-portal detection before time is known (passes through unless an app holds it). */
    CPD_PRE_TIME,
    /** The wall clock is trusted: an NTP sample was validated, or the time policy trusts the host clock. */
    TIME_VALID,
    /** Captive-portal detection that needs valid time, e.g. for TLS. */
    CPD_POST_TIME,
    /** Device policy is known (provisioning apps may hold this). */
    POLICY_VALID,
    /** The device is registered with its service (provisioning apps may hold this). */
    REGISTERED,
    /** First authentication stage is complete (apps may hold this). */
    AUTH1,
    /** Second authentication stage is complete (apps may hold this). */
    AUTH2,
    /** The system is ready: apps with the default start state start here. */
    OPERATIONAL,
    /** Side state: the device policy became invalid; entered directly, never passed. */
    POLICY_INVALID,
    /** Side state: the context is shutting down; pending attaches are dropped. */
    CONTEXT_DESTROYING;

    /** @return true for the twelve states from {@link #CONTEXT_CREATED} to {@link #OPERATIONAL} */
    public boolean isMainSequence() {
        return ordinal() <= OPERATIONAL.ordinal();
    }

    /**
     * Whether a system in this state has reached or passed {@code other} on the main sequence.
     * Side states have reached nothing past the state the system was in: this method answers false
     * for them, and false when {@code other} is a side state other than this one.
     *
     * @param other the state to compare with
     * @return true when this and {@code other} are main-sequence states and this is not earlier, or
     *         when both are the same state
     */
    public boolean hasReached(SystemState other) {
        if (this == other) {
            return true;
        }
        return isMainSequence() && other.isMainSequence() && ordinal() >= other.ordinal();
    }

    /**
     * @return the next state on the main sequence
     * @throws IllegalStateException for {@link #OPERATIONAL} and the side states
     */
    public SystemState next() {
        if (!isMainSequence() || this == OPERATIONAL) {
            throw new IllegalStateException(this + " has no next state on the main sequence");
        }
        return values()[ordinal() + 1];
    }
}
