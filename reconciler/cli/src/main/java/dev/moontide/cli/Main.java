package dev.moontide.cli;

/** Entry point of {@code bin/moontide}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Moontide.commandLine(Env.system(), args).execute(args));
    }
}
