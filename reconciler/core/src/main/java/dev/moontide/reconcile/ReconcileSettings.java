package dev.moontide.reconcile;

import dev.moontide.apply.ScriptRoot;
import dev.moontide.apply.StateStore;
import dev.moontide.drift.AlertDestinations;
import dev.moontide.source.Redaction;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.trust.TrustConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the reconciler reads and writes.
 *
 * @param repo       Git URL or local path of the repository of manifests
 * @param ref        branch, tag or commit to follow
 * @param manifests  folder (or file) of the manifests, relative to the repository root
 * @param scriptRoot the kernel's script root, where files are installed
 * @param stateDir   the reconciler's own state: inventory, blobs, status, alerts, Git cache
 * @param trust      what the operator trusts: the signature policy and the alert destinations
 *                   (from the daemon's or the CLI's configuration, never from the repository)
 */
public record ReconcileSettings(String repo, String ref, String manifests, Path scriptRoot, Path stateDir,
        TrustConfig trust) {

    /** Settings that check no signature and define no alert destination. */
    public ReconcileSettings(String repo, String ref, String manifests, Path scriptRoot, Path stateDir) {
        this(repo, ref, manifests, scriptRoot, stateDir, TrustConfig.NONE);
    }

    public ReconcileSettings {
        Objects.requireNonNull(repo, "repo");
        ref = ref == null ? "main" : ref;
        manifests = manifests == null ? "manifests" : manifests;
        scriptRoot = scriptRoot == null ? ScriptRoot.DEFAULT : scriptRoot;
        stateDir = stateDir == null ? StateStore.DEFAULT : stateDir;
        trust = trust == null ? TrustConfig.NONE : trust;
    }

    /** Settings with the defaults: branch main, folder manifests, /lib/modules/lua, /var/lib/moontide. */
    public static ReconcileSettings of(String repo) {
        return new ReconcileSettings(repo, null, null, null, null);
    }

    public SignaturePolicy signature() {
        return trust.signature();
    }

    public AlertDestinations alertDestinations() {
        return trust.alerts();
    }

    public Path gitCache() {
        return stateDir.resolve("git");
    }

    /** As a record prints itself, but with the repository URL's credentials masked. */
    @Override
    public String toString() {
        return "ReconcileSettings[repo=" + Redaction.url(repo) + ", ref=" + ref + ", manifests=" + manifests
                + ", scriptRoot=" + scriptRoot + ", stateDir=" + stateDir + ", trust=" + trust + "]";
    }
}
