package dev.moontide.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moontide daemon}: the reconcile loop with its REST API, health and metrics. It is the
 * Quarkus application of reconciler/daemon, started as its own JVM so that the other verbs
 * never pay for Quarkus.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Keep the kernel as the repository says: reconcile on an interval and on webhooks,",
            "serve /api/status, /api/plan, /api/sync, /api/history, /api/drift, /q/health, /q/metrics."})
final class DaemonCommand implements Callable<Integer> {

    @Option(names = {"-r", "--repo"}, required = true, paramLabel = "URL|PATH", description = "Git repository")
    String repo;

    @Option(names = {"-b", "--branch"}, paramLabel = "REF", description = "branch, tag or commit (default: main)")
    String branch;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: 8087)")
    Integer port;

    @Option(names = "--driver", paramLabel = "DRIVER", description = "moontide (default) or lunatik (/dev/lunatik)")
    String driver;

    @Option(names = "--trust", paramLabel = "FILE",
            description = {"the operator's moontide.signature.* and moontide.alerts.* settings",
                "(default: /etc/moontide/moontide.properties when it exists)"})
    Path trust;

    @Override
    public Integer call() throws Exception {
        Path jar = locate();
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Dmoontide.repo=" + repo));
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
        if (port != null) {
            cmd.add("-Dquarkus.http.port=" + port);
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
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
