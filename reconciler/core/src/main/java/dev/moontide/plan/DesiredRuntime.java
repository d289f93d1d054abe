package dev.moontide.plan;

import dev.moontide.manifest.RuntimeSpec;
import java.util.Objects;

/**
 * A runtime as Git declares it, with the sha256 of its entry script.
 *
 * @param name         the runtime's name
 * @param spec         the manifest's spec
 * @param scriptSha256 sha256 of the entry script's bytes in the revision
 */
public record DesiredRuntime(String name, RuntimeSpec spec, String scriptSha256) {

    public DesiredRuntime {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(scriptSha256, "scriptSha256");
    }
}
