package dev.moontide.kernel.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The kernel's view of loaded modules under {@code /sys/module} (a test gives another root). */
public final class SysModules {

    /** The core module: the runtimes and the control device. */
    public static final String CORE = "moontide";

    private final Path root;

    public SysModules(Path root) {
        this.root = root;
    }

    public static SysModules system() {
        return new SysModules(Path.of("/sys/module"));
    }

    /** Whether {@code name} is one of ours: {@code moontide} or {@code moontide_*}. */
    public static boolean isMoontide(String name) {
        return name.equals(CORE) || name.startsWith(CORE + "_");
    }

    /** Whether a loadable module of that name is loaded (a built-in one has no refcnt). */
    public boolean isLoaded(String name) {
        return Files.isRegularFile(root.resolve(name).resolve("refcnt"));
    }

    /** A loaded module, or empty if it is not loaded. */
    public Optional<LoadedModule> get(String name) throws IOException {
        Path dir = root.resolve(name);
        Optional<String> refcnt = read(dir.resolve("refcnt"));
        if (refcnt.isEmpty()) {
            return Optional.empty();
        }
        List<String> holders = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("holders"))) {
            for (Path h : ds) {
                holders.add(h.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            // a module nothing has ever used may have no holders directory
        }
        Collections.sort(holders);
        int count;
        try {
            count = Integer.parseInt(refcnt.get().strip());
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve("refcnt") + " is not a number: " + refcnt.get().strip(), e);
        }
        return Optional.of(new LoadedModule(name, read(dir.resolve("version")).map(String::strip), count,
                holders, read(dir.resolve("initstate")).map(String::strip).orElse("live")));
    }

    /** Our loaded modules, sorted by name. */
    public List<LoadedModule> moontide() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (isMoontide(n)) {
                    names.add(n);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Collections.sort(names);
        List<LoadedModule> out = new ArrayList<>();
        for (String n : names) {
            get(n).ifPresent(out::add);
        }
        return out;
    }

    /** A module parameter of a loaded module ({@code parameters/NAME}), if readable. */
    public Optional<String> parameter(String module, String parameter) {
        try {
            return read(root.resolve(module).resolve("parameters").resolve(parameter)).map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
