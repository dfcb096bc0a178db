package lws.it;

import lws.app.api.AppContext;
import lws.app.api.SystemApp;

/** An app whose start always throws: the daemon must mark it FAILED and go on. */
public final class FailingApp implements SystemApp {
    /** Creates the app. */
    public FailingApp() {
    }

    @Override
    public String name() {
        return "failing";
    }

    @Override
    public void start(AppContext context) {
        throw new IllegalStateException("deliberate failure at " + context.state());
    }
}
