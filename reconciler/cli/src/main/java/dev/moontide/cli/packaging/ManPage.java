package dev.moontide.cli.packaging;

import dev.moontide.cli.Env;
import dev.moontide.cli.Moontide;
import java.util.Map;
import picocli.CommandLine;

/**
 * Prints moontide(1) in roff: the command's own help, then each verb's, as the command prints
 * them. Generated at package time (packaging/deb/build-debs.sh) so the manual says exactly what
 * {@code moontide --help} does.
 */
public final class ManPage {

    private ManPage() {
    }

    public static String roff(String version, String date) {
        CommandLine cl = Moontide.commandLine(Env.system());
        StringBuilder out = new StringBuilder();
        out.append(".TH MOONTIDE 1 \"").append(date).append("\" \"moontide ").append(version)
                .append("\" \"User Commands\"\n");
        out.append(".SH NAME\nmoontide \\- Lua runtimes in the Linux kernel, kept as a Git repository says\n");
        out.append(".SH SYNOPSIS\n.B moontide\n[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]\n");
        out.append(".SH DESCRIPTION\n");
        preformatted(out, cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        out.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> verb : cl.getSubcommands().entrySet()) {
            if (!verb.getKey().equals(verb.getValue().getCommandName())) {
                continue; // an alias (ls): its command has its own section
            }
            out.append(".SS ").append(text(verb.getKey())).append('\n');
            preformatted(out, verb.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        out.append(".SH FILES\n")
                .append(".TP\n/etc/moontide/daemon.properties\nthe daemon's configuration (moontide.service)\n")
                .append(".TP\n/etc/moontide/moontide.properties\nthe operator's signature policy and alert destinations\n")
                .append(".TP\n/var/lib/moontide\nthe daemon's state: last applied revision, history\n");
        out.append(".SH SEE ALSO\n.BR systemctl (1),\n.BR dkms (8),\n")
                .append(".I /usr/share/doc/moontide/README.md.gz\n");
        return out.toString();
    }

    /** Help text kept as printed (its columns matter), with roff's special characters escaped. */
    private static void preformatted(StringBuilder out, String help) {
        out.append(".nf\n");
        for (String line : help.split("\n", -1)) {
            out.append(text(line)).append('\n');
        }
        out.append(".fi\n");
    }

    /** A line roff prints as is: backslashes escaped, and no line may start with a control dot or quote. */
    static String text(String line) {
        String s = line.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }

    public static void main(String[] args) {
        System.out.print(roff(args.length > 0 ? args[0] : "0", args.length > 1 ? args[1] : "1970-01-01"));
    }
}
