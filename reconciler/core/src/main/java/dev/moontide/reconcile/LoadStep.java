package dev.moontide.reconcile;

import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import java.io.IOException;

/** load: the revision's manifests, validated, and the desired state they declare. */
record LoadStep(ManifestLoader loader, String manifests) implements Step {

    @Override
    public StepResult run(Cycle c) throws IOException {
        try {
            c.set = loader.load(c.revision.tree(), manifests);
        } catch (ManifestException e) {
            c.errors = e.errors();
            return StepResult.stalled(Reason.MANIFEST_INVALID, c.revision.display() + ": " + e.errors().size()
                    + " error(s); first: " + e.errors().get(0));
        }
        c.desired = DesiredStateLoader.load(c.set);
        return StepResult.CONTINUE;
    }
}
