package lws.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plug-in directories with good and broken plug-ins, built as real jars by the test. */
@Timeout(60)
class PluginLoaderTest {
    @TempDir
    static Path work;
    static Path plugins;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = work.resolve("plugins");
        Files.createDirectories(plugins);
        // Two good plug-ins, one a jar, one a folder with the app and a library it needs.
        PluginJars.build(work, plugins.resolve("alpha.jar"), List.of(),
                PluginJars.appModule("p.alpha", "p.alpha", "alpha", "", ""));
        Path lib = PluginJars.build(work, plugins.resolve("beta/lib.jar"), List.of(), Map.of(
                "module-info.java", "module p.betalib { exports p.betalib; }",
                "p/betalib/Lib.java", "package p.betalib; public final class Lib { public static String hi() { return \"hi\"; } }"));
        PluginJars.build(work, plugins.resolve("beta/app.jar"), List.of(lib),
                PluginJars.appModule("p.beta", "p.beta", "beta", "p.betalib.Lib.hi();", "requires p.betalib;"));
        // Broken: a dependency that is not there.
        Path absent = PluginJars.build(work, work.resolve("absent/absent.jar"), List.of(), Map.of(
                "module-info.java", "module p.absent { exports p.absent; }",
                "p/absent/A.java", "package p.absent; public final class A { }"));
        PluginJars.build(work, plugins.resolve("missing-dep.jar"), List.of(absent),
                PluginJars.appModule("p.missing", "p.missing", "missing", "", "requires p.absent;"));
        // Broken: two modules of one plug-in with the same package (split package).
        PluginJars.build(work, plugins.resolve("split/one.jar"), List.of(),
                PluginJars.appModule("p.one", "p.shared", "one", "", ""));
        PluginJars.build(work, plugins.resolve("split/two.jar"), List.of(), Map.of(
                "module-info.java", "module p.two { }",
                "p/shared/Other.java", "package p.shared; final class Other { }"));
        // Broken: the constructor throws.
        PluginJars.build(work, plugins.resolve("throws.jar"), List.of(),
                PluginJars.appModule("p.throwing", "p.throwing", "throwing", "if (true) throw new IllegalStateException(\"no config\");", ""));
        // Broken: ships its own copy of lws.app.api.
        Files.createDirectories(plugins.resolve("own-api"));
        Files.copy(PluginJars.appApiLocation().toFile().isDirectory() ? jarOf(PluginJars.appApiLocation()) : PluginJars.appApiLocation(),
                plugins.resolve("own-api/lws.app.api.jar"));
        PluginJars.build(work, plugins.resolve("own-api/app.jar"), List.of(),
                PluginJars.appModule("p.ownapi", "p.ownapi", "ownapi", "", ""));
    }

    private static Path jarOf(Path classes) throws Exception {
        Path jar = work.resolve("lws.app.api.jar");
        java.util.spi.ToolProvider.findFirst("jar").orElseThrow()
                .run(System.out, System.err, "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        return jar;
    }

    private static PluginLoader load() {
        PluginLoader loader = new PluginLoader();
        loader.loadDirectory(plugins);
        return loader;
    }

    private static String reasonFor(PluginLoader loader, String entry) {
        return loader.failures().stream()
                .filter(f -> f.origin().endsWith(entry))
                .map(PluginLoader.Failure::reason)
                .findFirst().orElse("(no failure reported for " + entry + ")");
    }

    @Test
    void goodPluginsLoadEachInItsOwnLayerAndClassLoader() {
        PluginLoader loader = load();
        List<String> names = loader.found().stream().map(f -> f.app().name()).sorted().toList();
        assertEquals(List.of("alpha", "beta"), names, "only the good plug-ins load: " + loader.failures());
        PluginLoader.Found alpha = loader.found().stream().filter(f -> f.app().name().equals("alpha")).findFirst().orElseThrow();
        PluginLoader.Found beta = loader.found().stream().filter(f -> f.app().name().equals("beta")).findFirst().orElseThrow();
        ModuleLayer alphaLayer = alpha.app().getClass().getModule().getLayer();
        assertNotSame(ModuleLayer.boot(), alphaLayer);
        assertNotSame(alphaLayer, beta.app().getClass().getModule().getLayer());
        assertNotSame(alpha.app().getClass().getClassLoader(), beta.app().getClass().getClassLoader());
        assertTrue(alpha.origin().endsWith("alpha.jar"));
        assertTrue(beta.origin().endsWith("beta"));
        assertEquals("p.beta", beta.module());
    }

    @Test
    void missingDependencyIsReportedWithPathAndReason() {
        String reason = reasonFor(load(), "missing-dep.jar");
        assertTrue(reason.contains("p.absent"), reason);
    }

    @Test
    void splitPackageIsReported() {
        String reason = reasonFor(load(), "split");
        assertTrue(reason.contains("p.shared"), reason);
    }

    @Test
    void throwingConstructorIsReported() {
        String reason = reasonFor(load(), "throws.jar");
        assertTrue(reason.contains("no config"), reason);
    }

    @Test
    void pluginShippingItsOwnAppApiIsRefused() {
        String reason = reasonFor(load(), "own-api");
        assertTrue(reason.contains("ships its own copy of lws.app.api"), reason);
    }

    @Test
    void aMissingDirectoryIsAFailureNotACrash() {
        PluginLoader loader = new PluginLoader();
        loader.loadDirectory(work.resolve("nope"));
        assertEquals(1, loader.failures().size());
        assertNotEquals("", loader.failures().get(0).reason());
    }
}
