package lws.system;

/**
 * A task that names its owner (an app or helper name), used when the loop logs a failure or a stall.
 * Tasks that do not implement it are reported by class name.
 */
public interface Owned {
    /** @return the owner's name */
    String owner();

    /**
     * @param task a task, timer callback or handler
     * @return its owner's name when it is {@link Owned}, else its class name
     */
    static String of(Object task) {
        return task instanceof Owned owned ? owned.owner() : task.getClass().getName();
    }

    /**
     * Wraps a task so that it names its owner.
     *
     * @param owner the owner's name
     * @param task the task
     * @return a runnable that runs {@code task} and reports {@code owner}
     */
    static Runnable task(String owner, Runnable task) {
        return new OwnedTask(owner, task);
    }

    /** A runnable with an owner. */
    record OwnedTask(String owner, Runnable task) implements Runnable, Owned {
        @Override
        public void run() {
            task.run();
        }
    }
}
