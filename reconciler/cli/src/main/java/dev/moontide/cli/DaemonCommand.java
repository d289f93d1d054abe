package dev.moontide.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code moontide daemon}: the reconcile loop with its REST API, health and metrics. It is the
 * Quarkus application of reconciler/daemon, started as its own JVM so that the other verbs
 * never pay for Quarkus. The repository URL goes to it in its environment, never on its
 * command line, where any user could read credentials in it.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Keep the kernel as the repository says: reconcile on an interval and on webhooks,",
            "serve /api/status, /api/plan, /api/sync, /api/history, /api/drift, /q/health, /q/metrics.",
            "POST /api/sync needs the bearer token of --token-file (default /etc/moontide/api-token)."})
final class DaemonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--repo"}, paramLabel = "URL|PATH", defaultValue = "${env:MOONTIDE_REPO}",
            description = {"Git repository (default $MOONTIDE_REPO,", "the one place for a URL with credentials)"})
    String repo;

    @Option(names = {"-b", "--branch"}, paramLabel = "REF", description = "branch, tag or commit (default: main)")
    String branch;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to listen on (default: 127.0.0.1)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: 8087)")
    Integer port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "bearer token of state-changing requests, mode 600 (default: /etc/moontide/api-token)")
    Path tokenFile;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "user and token of an https repository: username=, password= lines, mode 600")
    Path credentialsFile;

    @Option(names = "--driver", paramLabel = "DRIVER", description = "moontide (default) or lunatik (/dev/lunatik)")
    String driver;

    @Option(names = "--trust", paramLabel = "FILE",
            description = {"the operator's moontide.signature.* and moontide.alerts.* settings",
                "(default: /etc/moontide/moontide.properties when it exists)"})
    Path trust;

    @Override
    public Integer call() throws Exception {
        String url = RepoArgument.of(repo, spec);
        ProcessBuilder pb = new ProcessBuilder(command(locate())).inheritIO();
        pb.environment().putAll(environment(url));
        return pb.start().waitFor();
    }

    /** The daemon's JVM command line: settings that are no secret. */
    List<String> command(Path jar) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary()));
        if (branch != null) {
            cmd.add("-Dmoontide.branch=" + branch);
        }
        if (driver != null) {
            cmd.add("-Dmoontide.driver=" + driver);
        }
        Path file = trust != null ? trust
                : Files.isRegularFile(ReconcileCommand.TRUST_FILE) ? ReconcileCommand.TRUST_FILE : null;
        if (file != null) {
            cmd.add("-Dquarkus.config.locations=" + file.toAbsolutePath());
        }
        if (host != null) {
            cmd.add("-Dquarkus.http.host=" + host);
        }
        if (port != null) {
            cmd.add("-Dquarkus.http.port=" + port);
        }
        if (credentialsFile != null) {
            cmd.add("-Dmoontide.git.credentials-file=" + credentialsFile.toAbsolutePath());
        }
        if (tokenFile != null) {
            cmd.add("-Dmoontide.api.token-file=" + tokenFile.toAbsolutePath());
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    /** What the daemon's JVM gets in its environment on top of ours: the repository. */
    static Map<String, String> environment(String url) {
        return Map.of(RepoArgument.ENV, url);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** MOONTIDE_DAEMON_JAR, or the daemon built beside this command (repository or installed). */
    private static Path locate() throws CliException {
        String env = System.getenv("MOONTIDE_DAEMON_JAR");
        List<Path> candidates = new ArrayList<>();
        if (env != null) {
            candidates.add(Path.of(env));
        }
        String home = System.getProperty("moontide.home");
        if (home != null) {
            candidates.add(Path.of(home, "reconciler", "daemon", "target", "quarkus-app", "quarkus-run.jar"));
            candidates.add(Path.of(home, "lib", "moontide", "daemon", "quarkus-run.jar"));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new CliException("the daemon is not built: run `mvn -pl reconciler/daemon -am package` "
                + "or set MOONTIDE_DAEMON_JAR", Moontide.EXIT_ERROR);
    }
}
