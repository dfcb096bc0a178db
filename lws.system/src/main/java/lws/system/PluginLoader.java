package lws.system;

import lws.app.api.SystemApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds apps: providers of {@link SystemApp} in the boot layer, and in a plug-in directory where each
 * entry (a jar, or a folder of jars) becomes its own {@link ModuleLayer} with its own class loader,
 * child of the boot layer.
 *
 * <p>A plug-in layer's own providers are taken, not the ones it sees in its parent (those were found
 * in the boot layer already). A plug-in that ships its own {@code lws.app.api} is refused: its
 * {@code SystemApp} would be a different type. A plug-in that fails (module resolution, split package,
 * missing dependency, a provider whose constructor throws) is reported with its path and reason and
 * skipped; the others load. Not thread-safe; used once at start-up.
 */
final class PluginLoader {
    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    /** An app found, with where it came from. */
    record Found(SystemApp app, String module, String origin) {
    }

    /** A plug-in (or provider) that could not be loaded. */
    record Failure(String origin, String reason) {
    }

    private final List<Found> found = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    List<Found> found() {
        return found;
    }

    List<Failure> failures() {
        return failures;
    }

    /** Loads the providers of the boot layer. */
    void loadBootLayer() {
        ServiceLoader.load(ModuleLayer.boot(), SystemApp.class).stream()
                .filter(p -> p.type().getModule().getLayer() == ModuleLayer.boot())
                .forEach(p -> instantiate(p, "boot layer"));
    }

    /**
     * Loads every plug-in in {@code dir}: each {@code *.jar} file and each sub-folder is one plug-in.
     *
     * @param dir the plug-in directory
     */
    void loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            failures.add(new Failure(dir.toString(), "plug-in directory does not exist"));
            log.error("plug-in directory {} does not exist", dir);
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            failures.add(new Failure(dir.toString(), "cannot list: " + e.getMessage()));
            log.error("cannot list plug-in directory {}: {}", dir, e.getMessage());
            return;
        }
        for (Path entry : entries) {
            loadPlugin(entry);
        }
    }

    private void loadPlugin(Path plugin) {
        String origin = plugin.toString();
        try {
            ModuleFinder finder = ModuleFinder.of(plugin);
            Set<ModuleReference> modules = finder.findAll();
            if (modules.isEmpty()) {
                throw new IllegalStateException("no module found");
            }
            Set<String> names = modules.stream().map(m -> m.descriptor().name()).collect(Collectors.toSet());
            if (names.contains("lws.app.api")) {
                throw new IllegalStateException("ships its own copy of lws.app.api; the daemon's must be shared");
            }
            ModuleLayer boot = ModuleLayer.boot();
            Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), names);
            ModuleLayer layer = ModuleLayer.defineModulesWithOneLoader(cf, List.of(boot), ClassLoader.getSystemClassLoader())
                    .layer();
            int before = found.size();
            ServiceLoader.load(layer, SystemApp.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer)
                    .forEach(p -> instantiate(p, origin));
            if (found.size() == before) {
                log.warn("plug-in {} provides no lws.app.api.SystemApp", origin);
            }
        } catch (RuntimeException | LinkageError e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            failures.add(new Failure(origin, reason));
            log.error("plug-in {} skipped: {}", origin, reason);
        }
    }

    private void instantiate(ServiceLoader.Provider<SystemApp> provider, String origin) {
        String module = provider.type().getModule().getName();
        try {
            SystemApp app = provider.get();
            String name = app.name();
            if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalStateException("app name '" + name + "' must be letters, digits, '-' or '_'");
            }
            if (found.stream().anyMatch(f -> f.app().name().equals(name))) {
                throw new IllegalStateException("an app named '" + name + "' is already loaded");
            }
            found.add(new Found(app, module, origin));
            log.info("app {} found in {} ({})", name, module, origin);
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = provider.type().getName() + ": " + cause;
            failures.add(new Failure(origin, reason));
            log.error("app provider in {} skipped: {}", origin, reason);
        }
    }
}
