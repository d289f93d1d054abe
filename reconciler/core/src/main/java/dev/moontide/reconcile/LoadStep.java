package dev.moontide.reconcile;

import dev.moontide.drift.AlertDestinations;
import dev.moontide.manifest.ConfigManifest;
import dev.moontide.manifest.ManifestError;
import dev.moontide.manifest.ManifestException;
import dev.moontide.manifest.ManifestLoader;
import java.io.IOException;
import java.util.ArrayList;
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
            List<ManifestError> unknown = c.set.config().map(this::unknownDestinations).orElse(List.of());
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

    private List<ManifestError> unknownDestinations(ConfigManifest config) {
        List<ManifestError> errors = new ArrayList<>();
        List<String> names = config.spec().alerts().destinations();
        for (int i = 0; i < names.size(); i++) {
            if (destinations.get(names.get(i)).isEmpty()) {
                errors.add(ManifestError.at(config.origin(), "spec.alerts.destinations[" + i + "]", 0,
                        "no alert destination named \"" + names.get(i) + "\" in the daemon's configuration (defined: "
                        + (destinations.names().isEmpty() ? "none" : String.join(", ", destinations.names())) + ")"));
            }
        }
        return errors;
    }
}
