package dev.moontide.cli.packaging;

import dev.moontide.cli.Env;
import dev.moontide.cli.Moontide;
import picocli.AutoComplete;

/**
 * Prints the bash completion script of {@code moontide}, made from the same command line the
 * command parses with, so it cannot fall behind a new verb or option. Run at package time
 * (packaging/deb/build-debs.sh), never by the command itself.
 */
public final class CompletionScript {

    private CompletionScript() {
    }

    public static String bash() {
        return AutoComplete.bash("moontide", Moontide.commandLine(Env.system()));
    }

    public static void main(String[] args) {
        System.out.print(bash());
    }
}
