package dev.moontide.manifest;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the {@code luak} the pre-flight runs, at known places only, first found wins:
 * <ol>
 * <li>the system property {@value #PROPERTY}, then the environment variable {@value #ENV}: an
 *     absolute path (set but unusable means no luak, never a search elsewhere);</li>
 * <li>{@code build/bin/luak} of the moontide checkout this code runs from: the one
 *     {@value #HOME_PROPERTY} names ({@code bin/moontide} sets it), else the one holding the
 *     {@code reconciler/} folder its classes or jar were loaded from;</li>
 * <li>{@code luak} in an absolute folder of {@code PATH}.</li>
 * </ol>
 * Never the working directory or its parents, never {@code .} or a relative folder of
 * {@code PATH}: the daemon may run anywhere, and whoever can write there must not choose what runs.
 *
 * @param properties system properties by name (null if unset)
 * @param env        environment variables by name (null if unset)
 * @param codeSource where this code was loaded from, if known
 */
public record LuakLocator(UnaryOperator<String> properties, UnaryOperator<String> env, Optional<Path> codeSource) {

    public static final String PROPERTY = "moontide.luak";
    public static final String ENV = "MOONTIDE_LUAK";
    public static final String HOME_PROPERTY = "moontide.home";
    private static final String BUILD = "build/bin/luak";

    /** The locator of this JVM: its properties, its environment, the location of this class. */
    public static LuakLocator system() {
        return new LuakLocator(System::getProperty, System::getenv, codeSourceOf(LuakLocator.class));
    }

    public Optional<Path> locate() {
        String configured = nonBlank(properties.apply(PROPERTY)).orElseGet(() -> nonBlank(env.apply(ENV)).orElse(null));
        if (configured != null) {
            Path p = Path.of(configured);
            return p.isAbsolute() ? executable(p) : Optional.empty();
        }
        Optional<Path> home = nonBlank(properties.apply(HOME_PROPERTY)).map(Path::of).filter(Path::isAbsolute);
        Optional<Path> found = home.or(() -> codeSource.flatMap(LuakLocator::checkoutOf))
                .flatMap(top -> executable(top.resolve(BUILD)));
        if (found.isPresent()) {
            return found;
        }
        for (String dir : nonBlank(env.apply("PATH")).orElse("").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Path.of(dir).isAbsolute()) {
                Optional<Path> p = executable(Path.of(dir, "luak"));
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /** The moontide checkout holding {@code classes}: the folder above its last {@code reconciler} segment. */
    static Optional<Path> checkoutOf(Path classes) {
        for (Path p = classes.toAbsolutePath().normalize(); p != null && p.getParent() != null; p = p.getParent()) {
            if (p.getFileName().toString().equals("reconciler")) {
                return Optional.of(p.getParent());
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeSourceOf(Class<?> c) {
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty(); // not a file (a nested jar, a custom loader): no build location
        }
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
