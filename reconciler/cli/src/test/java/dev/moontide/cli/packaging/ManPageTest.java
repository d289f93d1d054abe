package dev.moontide.cli.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManPageTest {

    private static final List<String> VERBS = List.of("load", "unload", "reload", "status", "list", "run",
            "spawn", "stop", "eval", "repl", "reconcile", "diff", "lint", "daemon");

    @Test
    void everyVerbHasItsSectionWithItsOwnHelp() {
        String man = ManPage.roff("1.2.3", "2026-11-28");
        assertTrue(man.startsWith(".TH MOONTIDE 1 \"2026-11-28\" \"moontide 1.2.3\""), man.lines().findFirst().get());
        for (String verb : VERBS) {
            assertTrue(man.contains("\n.SS " + verb + "\n"), "no section for " + verb);
        }
        assertTrue(man.contains("Usage: moontide reconcile"), "the verb's own usage is in it");
        assertFalse(man.contains("\n.SS ls\n"), "an alias gets no section of its own");
    }

    @Test
    void noHelpLineCanBeReadAsARoffRequest() {
        String man = ManPage.roff("1", "d");
        boolean inHelp = false;
        for (String line : man.split("\n")) {
            if (line.equals(".nf")) {
                inHelp = true;
            } else if (line.equals(".fi")) {
                inHelp = false;
            } else if (inHelp) {
                assertFalse(line.startsWith(".") || line.startsWith("'"), line);
            }
        }
    }

    @Test
    void roffTextEscapesBackslashesDashesAndLeadingDots() {
        assertEquals("a\\eb", ManPage.text("a\\b"));
        assertEquals("\\-\\-dry\\-run", ManPage.text("--dry-run"));
        assertEquals("\\&.lua", ManPage.text(".lua"));
        assertEquals("\\&'q", ManPage.text("'q"));
    }
}
