package dev.moontide.daemon;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/** A Git repository with one Runtime, and temporary script root and state folders, for the daemon. */
public class GitRepoResource implements QuarkusTestResourceLifecycleManager {

    static Path work;

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("moontide-daemon-test-");
            Path origin = work.resolve("origin");
            try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
                Files.createDirectories(origin.resolve("manifests"));
                Files.writeString(origin.resolve("manifests/hello.yaml"), "apiVersion: moontide.dev/v1alpha1\n"
                        + "kind: Runtime\nmetadata:\n  name: hello\nspec:\n  script: hello.lua\n");
                Files.writeString(origin.resolve("manifests/world.yaml"), "apiVersion: moontide.dev/v1alpha1\n"
                        + "kind: Runtime\nmetadata:\n  name: world\nspec:\n  script: hello.lua\n");
                Files.writeString(origin.resolve("hello.lua"), "return 'hello'\n");
                git.add().addFilepattern(".").call();
                PersonIdent who = new PersonIdent("Test", "test@moontide.dev");
                git.commit().setMessage("hello").setAuthor(who).setCommitter(who).setSign(false).call();
            }
            return Map.of("moontide.repo", origin.toString(),
                    "moontide.script-root", work.resolve("lua").toString(),
                    "moontide.state-dir", work.resolve("state").toString(),
                    "moontide.interval", "1h",
                    "quarkus.scheduler.enabled", "false",
                    "moontide.webhook-secret", "s3cret");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
