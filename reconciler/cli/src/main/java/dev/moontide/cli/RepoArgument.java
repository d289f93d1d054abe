package dev.moontide.cli;

import dev.moontide.source.GitCredentials;
import dev.moontide.source.Redaction;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The repository of {@code --repo}, or of {@code $MOONTIDE_REPO} without it. A URL with
 * credentials is refused as an argument: every user of the machine reads a process's arguments
 * in {@code /proc/PID/cmdline} (and shell history keeps them); the environment is readable only by
 * the process's owner and root.
 */
final class RepoArgument {

    static final String ENV = "MOONTIDE_REPO";

    private RepoArgument() {
    }

    /** {@code repo} as parsed for the command {@code spec}, checked. */
    static String of(String repo, CommandSpec spec) throws CliException {
        if (repo == null || repo.isBlank()) {
            throw new CliException(spec.name() + ": no repository: give --repo URL|PATH or set " + ENV, Moontide.EXIT_USAGE);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--repo") && Redaction.hasCredentials(repo)) {
            throw new CliException(spec.name() + ": --repo " + Redaction.url(repo) + " carries credentials, which any user "
                    + "can read on the command line: pass the URL without them, or put the whole URL in the environment "
                    + "instead: read -rs " + ENV + " && export " + ENV + " && moontide " + spec.name() + " ...",
                    Moontide.EXIT_USAGE);
        }
        return repo;
    }

    /** {@code repo} with the credentials of {@code file}, if given, for the reconciler alone. */
    static String withCredentials(String repo, Path file, CommandSpec spec) throws CliException {
        if (file == null) {
            return repo;
        }
        try {
            return GitCredentials.read(file).into(repo);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(spec.name() + ": --credentials-file: " + e.getMessage(), Moontide.EXIT_USAGE);
        }
    }
}
