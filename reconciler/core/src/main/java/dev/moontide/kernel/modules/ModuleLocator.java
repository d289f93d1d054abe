package dev.moontide.kernel.modules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds moontide's module files: the first directory of the search path that holds
 * {@code moontide.ko} gives the whole set ({@code moontide.ko} and every {@code moontide_*.ko}
 * beside it), so that modules built or installed together load together.
 */
public final class ModuleLocator {

    private static final List<String> SUFFIXES = List.of(".ko", ".ko.xz", ".ko.zst", ".ko.gz");

    private final List<Path> searchPath;

    public ModuleLocator(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /**
     * The standard search path: {@code $MOONTIDE_MODULE_DIR} if given, the build tree of the
     * repository the command runs from ({@code build/kernel}), then where {@code make install}
     * and DKMS put modules for the running kernel.
     */
    public static ModuleLocator standard(Optional<Path> moduleDir, Optional<Path> repository, String release) {
        List<Path> path = new ArrayList<>();
        moduleDir.ifPresent(path::add);
        repository.ifPresent(r -> path.add(r.resolve("build/kernel")));
        Path modules = Path.of("/lib/modules", release);
        path.add(modules.resolve("extra"));
        path.add(modules.resolve("updates/dkms"));
        path.add(modules.resolve("updates"));
        return new ModuleLocator(path);
    }

    public List<Path> searchPath() {
        return searchPath;
    }

    /**
     * The module files to load, in load order (dependencies first, then by name).
     *
     * @throws ModuleException if no directory of the search path has {@code moontide.ko}, or the
     *                         modules' dependencies form a cycle
     */
    public List<ModuleFile> find() throws ModuleException {
        for (Path dir : searchPath) {
            if (core(dir).isPresent()) {
                return inLoadOrder(filesIn(dir));
            }
        }
        throw new ModuleException(2, "no " + SysModules.CORE + ".ko found; looked in "
                + String.join(", ", searchPath.stream().map(Path::toString).toList())
                + " (build it with `make module`, or install it with `make install`)");
    }

    private static Optional<Path> core(Path dir) {
        for (String suffix : SUFFIXES) {
            Path p = dir.resolve(SysModules.CORE + suffix);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static List<ModuleFile> filesIn(Path dir) throws ModuleException {
        Map<String, ModuleFile> byName = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, SysModules.CORE + "*.ko*")) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                Optional<String> suffix = SUFFIXES.stream().filter(file::endsWith).findFirst();
                if (suffix.isEmpty() || !Files.isRegularFile(p)) {
                    continue;
                }
                String stem = file.substring(0, file.length() - suffix.get().length()).replace('-', '_');
                if (!SysModules.isMoontide(stem)) {
                    continue;
                }
                boolean compressed = !suffix.get().equals(".ko");
                Optional<ModInfo> info = compressed ? Optional.empty() : Optional.of(ModInfo.read(p));
                String name = info.flatMap(ModInfo::name).orElse(stem);
                byName.putIfAbsent(name, new ModuleFile(name, p.toAbsolutePath().normalize(), compressed, info));
            }
        } catch (IOException e) {
            throw new ModuleException("cannot read the modules in " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(byName.values());
    }

    /** Dependencies first (among our own modules), ties by name; the core always first. */
    static List<ModuleFile> inLoadOrder(List<ModuleFile> files) throws ModuleException {
        Map<String, ModuleFile> byName = new TreeMap<>();
        files.forEach(f -> byName.put(f.name(), f));
        Set<String> done = new LinkedHashSet<>();
        if (byName.containsKey(SysModules.CORE)) {
            visit(SysModules.CORE, byName, done, new ArrayDeque<>());
        }
        for (String name : byName.keySet()) {
            visit(name, byName, done, new ArrayDeque<>());
        }
        return done.stream().map(byName::get).toList();
    }

    private static void visit(String name, Map<String, ModuleFile> byName, Set<String> done, Deque<String> path)
            throws ModuleException {
        if (done.contains(name) || !byName.containsKey(name)) {
            return;
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(name);
            throw new ModuleException(40, "modules depend on each other in a cycle: " + String.join(" -> ", cycle));
        }
        path.addLast(name);
        for (String dep : byName.get(name).depends()) {
            visit(dep, byName, done, path);
        }
        path.removeLast();
        done.add(name);
    }

    /** Dependencies of {@code files} that are not among them: the kernel's own modules. */
    static Set<String> foreignDependencies(List<ModuleFile> files) {
        Set<String> ours = new HashSet<>();
        files.forEach(f -> ours.add(f.name()));
        Set<String> out = new LinkedHashSet<>();
        for (ModuleFile f : files) {
            for (String d : f.depends()) {
                if (!ours.contains(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
