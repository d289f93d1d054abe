package dev.moontide.daemon;

import dev.moontide.source.TestRepos;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/** A Git repository with one Runtime, and temporary script root and state folders, for the daemon. */
public class GitRepoResource implements QuarkusTestResourceLifecycleManager {

    static Path work;
    /** The API's bearer token, in {@link #tokenFile()} (mode 600). */
    static final String TOKEN = "4f1c2b0e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";

    /** The repository the daemon follows. */
    static Path origin() {
        return work.resolve("origin");
    }

    static Path tokenFile() {
        return work.resolve("api-token");
    }

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("moontide-daemon-test-");
            Path origin = work.resolve("origin");
            try (Git git = TestRepos.init(origin)) {
                TestRepos.commit(git, "hello", "manifests/hello.yaml", "apiVersion: moontide.dev/v1alpha1\n"
                        + "kind: Runtime\nmetadata:\n  name: hello\nspec:\n  script: hello.lua\n",
                        "manifests/world.yaml", "apiVersion: moontide.dev/v1alpha1\n"
                        + "kind: Runtime\nmetadata:\n  name: world\nspec:\n  script: hello.lua\n",
                        "hello.lua", "return 'hello'\n");
            }
            Files.writeString(tokenFile(), TOKEN + "\n");
            Files.setPosixFilePermissions(tokenFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return Map.of("moontide.repo", origin.toString(),
                    "moontide.api.token-file", tokenFile().toString(),
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
