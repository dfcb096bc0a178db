package lws.system;

import lws.app.api.SystemState;

/**
 * A party that takes part in every step of the {@link StateMachine}: asked before a step (proposal),
 * told after it (confirmation). All calls are on the loop thread, in registration order.
 */
public interface StateNotifier {
    /** @return the notifier's name, shown when it holds a step */
    String name();

    /**
     * Asked before the machine enters {@code next}. Returning false holds the machine in {@code current}
     * until somebody calls {@link StateMachine#resume()} or {@link StateMachine#advanceTo} again, which
     * asks every notifier anew. Every notifier is asked even after one said no.
     *
     * @param current the state the machine is in
     * @param next the state it proposes to enter
     * @return true to let the step happen
     */
    default boolean allow(SystemState current, SystemState next) {
        return true;
    }

    /**
     * Told after every step, always, whatever other notifiers do.
     *
     * @param transition the step that happened
     */
    default void entered(StateTransition transition) {
    }
}
