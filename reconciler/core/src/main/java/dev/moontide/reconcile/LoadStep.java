package dev.moontide.reconcile;

import dev.moontide.drift.AlertDestinations;
import dev.moontide.manifest.ManifestError;
import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import java.io.IOException;
import java.util.List;

/**
 * load: the revision's manifests, validated, and the desired state they declare; the Config may
 * only pick alert destinations the operator defined.
 */
record LoadStep(ManifestLoader loader, String manifests, AlertDestinations destinations) implements Step {

    @Override
    public StepResult run(Cycle c) throws IOException {
        try {
            c.set = loader.load(c.revision.tree(), manifests);
            List<ManifestError> unknown = c.set.config().map(destinations::unknownIn).orElse(List.of());
            if (!unknown.isEmpty()) {
                throw new ManifestException(unknown);
            }
        } catch (ManifestException e) {
            c.errors = e.errors();
            return StepResult.stalled(Reason.MANIFEST_INVALID, c.revision.display() + ": " + e.errors().size()
                    + " error(s); first: " + e.errors().get(0));
        }
        c.desired = DesiredStateLoader.load(c.set);
        return StepResult.CONTINUE;
    }
}
