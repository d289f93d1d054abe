package dev.moontide.kernel.modules;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A module file found on disk.
 *
 * @param name       the module's name ({@code name=} of its modinfo, else its file name)
 * @param path       the {@code .ko} (or compressed {@code .ko.xz}, {@code .ko.zst}, {@code .ko.gz}) file
 * @param compressed whether the kernel must decompress it
 * @param info       its modinfo; empty for a compressed file
 */
public record ModuleFile(String name, Path path, boolean compressed, Optional<ModInfo> info) {
    public ModuleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(info, "info");
    }

    public List<String> depends() {
        return info.map(ModInfo::depends).orElse(List.of());
    }
}
