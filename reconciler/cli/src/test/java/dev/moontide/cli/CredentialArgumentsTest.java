package dev.moontide.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A repository URL with credentials never rides on a command line: not ours, not the daemon's JVM. */
class CredentialArgumentsTest {

    static final String SECRET = "ghp_s3cr3tT0ken";
    static final String URL = "https://alice:" + SECRET + "@127.0.0.1:1/ops/kernel.git";

    @TempDir
    Path dir;

    @Test
    void reconcileRefusesCredentialsInRepoAndSaysWhereTheyGo() throws Exception {
        Cli cli = new Cli(dir);
        assertEquals(Moontide.EXIT_USAGE, cli.run("reconcile", "--repo", URL, "--dry-run"), cli.err);
        assertTrue(cli.err.contains("MOONTIDE_REPO"), cli.err);
        assertTrue(cli.err.contains("https://***@127.0.0.1:1/ops/kernel.git"), cli.err);
        assertFalse((cli.out + cli.err).contains(SECRET), cli.err);
        assertEquals(Moontide.EXIT_USAGE, cli.run("diff", "-r", URL), cli.err);
    }

    @Test
    void aCredentialsFileOthersMayReadIsRefused() throws Exception {
        Cli cli = new Cli(dir);
        Path f = java.nio.file.Files.writeString(dir.resolve("creds"), "username=alice\npassword=" + SECRET + "\n");
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Moontide.EXIT_USAGE, cli.run("reconcile", "--repo", "https://127.0.0.1:1/k.git",
                "--credentials-file", f.toString(), "--dry-run"), cli.err);
        assertTrue(cli.err.contains("chmod 600"), cli.err);
    }

    @Test
    void aFetchWithACredentialsFileFailsWithoutQuotingThem() throws Exception {
        Cli cli = new Cli(dir);
        Path f = java.nio.file.Files.writeString(dir.resolve("creds"), "username=alice\npassword=" + SECRET + "\n");
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        cli.run("reconcile", "--repo", "https://127.0.0.1:1/k.git", "--credentials-file", f.toString(), "--dry-run",
                "--state-dir", dir.resolve("state").toString());
        assertTrue((cli.out + cli.err).contains("https://***@127.0.0.1:1/k.git"), cli.out + cli.err);
        assertFalse((cli.out + cli.err).contains(SECRET), cli.out + cli.err);
    }

    @Test
    void theDaemonVerbRefusesCredentialsInRepo() throws Exception {
        Cli cli = new Cli(dir);
        assertEquals(Moontide.EXIT_USAGE, cli.run("daemon", "--repo", URL), cli.err);
        assertTrue(cli.err.contains("MOONTIDE_REPO"), cli.err);
        assertFalse(cli.err.contains(SECRET), cli.err);
    }

    @Test
    void theDaemonsJvmGetsTheUrlInItsEnvironmentNotItsCommandLine() {
        DaemonCommand d = new DaemonCommand();
        new CommandLine(d).parseArgs("--branch", "prod", "--host", "0.0.0.0", "--token-file", "/etc/moontide/t",
                "--credentials-file", "/etc/moontide/git-credentials");
        List<String> cmd = d.command(Path.of("daemon.jar"));
        assertTrue(cmd.stream().noneMatch(a -> a.contains("moontide.repo") || a.contains(SECRET)), cmd.toString());
        assertTrue(cmd.contains("-Dquarkus.http.host=0.0.0.0"), cmd.toString());
        assertTrue(cmd.contains("-Dmoontide.api.token-file=/etc/moontide/t"), cmd.toString());
        assertTrue(cmd.contains("-Dmoontide.git.credentials-file=/etc/moontide/git-credentials"), cmd.toString());
        assertEquals(URL, DaemonCommand.environment(URL).get("MOONTIDE_REPO"));
    }
}
