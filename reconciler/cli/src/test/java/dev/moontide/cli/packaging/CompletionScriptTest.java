package dev.moontide.cli.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompletionScriptTest {

    @Test
    void completesEveryVerbAndTheirOptions() {
        String script = CompletionScript.bash();
        assertTrue(script.contains("complete -F _complete_moontide"), "registers a completion for moontide");
        for (String verb : new String[] {"load", "reconcile", "daemon", "repl", "lint"}) {
            assertTrue(script.contains(verb), "knows " + verb);
        }
        assertTrue(script.contains("--dry-run"), "knows reconcile's --dry-run");
        assertTrue(script.contains("--token-file"), "knows daemon's --token-file");
    }
}
