package dev.moontide.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** The rules for a path a manifest names: relative, inside the repository, an existing regular file. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /**
     * What is wrong with {@code path} as a file of the repository at {@code root} (a real path),
     * or empty if nothing is.
     */
    public static Optional<String> problem(Path root, String path) throws IOException {
        Optional<String> syntax = syntaxProblem(path);
        if (syntax.isPresent()) {
            return syntax;
        }
        Path p = root.resolve(path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("no such file \"" + path + "\" in the repository");
        }
        if (!Files.exists(p)) {
            return Optional.of("\"" + path + "\" is a symbolic link to nothing");
        }
        if (!p.toRealPath().startsWith(root)) {
            return Optional.of("\"" + path + "\" is a symbolic link leading outside the repository");
        }
        if (!Files.isRegularFile(p)) {
            return Optional.of("\"" + path + "\" is not a regular file");
        }
        return Optional.empty();
    }

    /** What is wrong with the spelling of {@code path}, without looking at any disk. */
    public static Optional<String> syntaxProblem(String path) {
        if (path.isEmpty()) {
            return Optional.of("path is empty");
        }
        if (path.startsWith("/")) {
            return Optional.of("\"" + path + "\" is absolute; paths are relative to the repository root");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("\"" + path + "\" leaves the repository (a .. segment)");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("\"" + path + "\" has an empty or . segment; write it plainly");
            }
            if (segment.equals(".git")) {
                return Optional.of("\"" + path + "\" is inside .git");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\') {
                return Optional.of("\"" + path + "\" has a space, backslash or control character; the kernel takes a path as one word");
            }
        }
        return Optional.empty();
    }
}
