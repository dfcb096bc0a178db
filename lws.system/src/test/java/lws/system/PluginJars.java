package lws.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds real plug-in jars for tests: compiles module sources with javac against the lws.app.api
 * module and packs them with the jar tool.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** @return where the lws.app.api module under test lives (a jar or a classes folder) */
    static Path appApiLocation() {
        URI location = ModuleLayer.boot().configuration().findModule("lws.app.api")
                .orElseThrow(() -> new IllegalStateException("lws.app.api is not in the boot layer"))
                .reference().location().orElseThrow();
        return Path.of(location);
    }

    /**
     * Compiles {@code sources} (path relative to the source root → content) into a jar.
     *
     * @param work a scratch folder
     * @param jar the jar to write
     * @param modulePath extra module path entries (the app API is always on it)
     * @param sources the sources, including module-info.java
     * @return {@code jar}
     */
    static Path build(Path work, Path jar, List<Path> modulePath, Map<String, String> sources) throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "25"));
        StringBuilder mp = new StringBuilder(appApiLocation().toString());
        modulePath.forEach(p -> mp.append(java.io.File.pathSeparator).append(p));
        args.add("--module-path");
        args.add(mp.toString());
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        run("javac", args);
        Files.createDirectories(jar.getParent());
        run("jar", List.of("--create", "--file", jar.toString(), "-C", classes.toString(), "."));
        return jar;
    }

    /**
     * Packs existing classes into a jar (for a jar with no module-info of its own use {@link #build}).
     */
    private static void run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException(tool + " tool not available"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = provider.run(print, print, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException(tool + " failed (" + rc + "): " + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** @return the source of a module that provides one SystemApp */
    static Map<String, String> appModule(String module, String pkg, String appName, String constructorBody, String requires) {
        String cls = "App";
        return Map.of(
                "module-info.java", "module " + module + " { requires lws.app.api; " + requires
                        + " provides lws.app.api.SystemApp with " + pkg + "." + cls + "; }",
                pkg.replace('.', '/') + "/" + cls + ".java", "package " + pkg + ";\n"
                        + "public final class " + cls + " implements lws.app.api.SystemApp {\n"
                        + "  public " + cls + "() { " + constructorBody + " }\n"
                        + "  public String name() { return \"" + appName + "\"; }\n"
                        + "  public void start(lws.app.api.AppContext c) { }\n"
                        + "}\n");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
