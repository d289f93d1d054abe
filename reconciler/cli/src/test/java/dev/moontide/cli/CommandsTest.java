package dev.moontide.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.kernel.FakeKernel;
import dev.moontide.kernel.Context;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arguments, output and exit status of each verb, over a fake kernel. */
class CommandsTest {

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(dir).loaded();
    }

    @ParameterizedTest(name = "moontide {0} --help")
    @ValueSource(strings = {"load", "unload", "reload", "status", "list", "run", "spawn", "stop", "eval", "repl"})
    void everyVerbHasHelp(String verb) {
        assertEquals(0, cli.run(verb, "--help"));
        assertTrue(cli.out.startsWith("Usage: moontide " + verb), cli.out);
        assertEquals("", cli.err);
        assertEquals(List.of(), cli.kernel.calls);
    }

    @Test
    void theTopLevelHelpListsEveryVerb() {
        assertEquals(0, cli.run("--help"));
        for (String verb : Moontide.VERBS) {
            assertTrue(cli.out.contains("\n  " + verb + (verb.equals("list") ? "," : " ")), verb + " missing from:\n" + cli.out);
        }
    }

    @Test
    void aVerbBuildsOnlyItselfToStartFast() {
        assertEquals(List.of("list"), List.copyOf(Moontide.commandLine(cli.env(), new String[] {"ls"})
                .getSubcommands().keySet()).subList(0, 1));
        assertEquals(Moontide.VERBS.size() + 1, Moontide.commandLine(cli.env(), new String[] {"--help"})
                .getSubcommands().size());
    }

    @Test
    void listPrintsATableWithAgesFromTheMonotonicClockAndErrorsBelow() {
        cli.kernel.with(FakeKernel.runtime("web", "net/web.lua", RunState.RUNNING, Cli.NOW_NS - 45_000_000_000L, null))
                .with(FakeKernel.runtime("bad", "bad.lua", RunState.FAILED, 0, "bad.lua:3: attempt to index a nil value\nstack"));
        assertEquals(0, cli.run("list"));
        assertEquals(String.join("\n",
                "NAME  SCRIPT       CONTEXT  STATE    MEMORY   AGE    SHA256",
                "bad   bad.lua      process  failed   24K/16M  1h02m  9f86d081884c",
                "web   net/web.lua  process  running  24K/16M  45s    9f86d081884c",
                "bad: bad.lua:3: attempt to index a nil value\\nstack", ""), cli.out);
    }

    @Test
    void listSaysSoWhenThereAreNoRuntimes() {
        assertEquals(0, cli.run("ls"));
        assertEquals("no runtimes\n", cli.out);
    }

    @Test
    void listAsJsonHasEveryProtocolFieldAndTheAge() {
        cli.kernel.with(FakeKernel.runtime("web", "web.lua", RunState.RUNNING, Cli.NOW_NS - 5, null));
        assertEquals(0, cli.run("list", "--output", "json"));
        assertEquals(String.join("\n", "{", "  \"runtimes\" : [ {", "    \"name\" : \"web\",",
                "    \"script\" : \"web.lua\",", "    \"sha256\" : \"" + FakeKernel.SHA + "\",",
                "    \"context\" : \"process\",", "    \"spawn\" : false,", "    \"state\" : \"running\",",
                "    \"started_ns\" : " + (Cli.NOW_NS - 5) + ",", "    \"age_ns\" : 5,", "    \"memory\" : 24576,",
                "    \"memory_limit\" : 16777216,", "    \"quota\" : 100000000,", "    \"error\" : null,",
                "    \"uid\" : 0,", "    \"comm\" : \"moontide\"", "  } ]", "}", ""), cli.out);
    }

    @Test
    void aBadOutputFormatIsAUsageError() {
        assertEquals(2, cli.run("list", "--output", "yaml"));
        assertTrue(cli.err.startsWith("moontide: Invalid value for option '--output': unknown output 'yaml': text (or table) or json"),
                cli.err);
        assertTrue(cli.err.endsWith("(see `moontide list --help`)\n"), cli.err);
    }

    @Test
    void runNamesTheRuntimeAfterTheScriptAndLeavesLimitsToTheKernel() throws IOException {
        Files.createDirectories(cli.root.resolve("net"));
        Files.writeString(cli.root.resolve("net/fw-v2.lua"), "return 1");
        assertEquals(0, cli.run("run", "net/fw-v2.lua"));
        assertEquals(List.of(new RunSpec("fw-v2", "net/fw-v2.lua", Context.PROCESS, false, OptionalLong.empty(),
                OptionalLong.empty())), cli.kernel.started);
        assertEquals("started fw-v2: net/fw-v2.lua (process, sha256 9f86d081884c, memory 20K of 16M)\n", cli.out);
    }

    @Test
    void runTakesAPathIntoTheScriptRootAndEveryOption() throws IOException {
        Path script = Files.writeString(cli.root.resolve("tick.lua"), "return function() end");
        assertEquals(0, cli.run("spawn", script.toString(), "--name", "t1", "--context", "softirq", "--memory", "1G",
                "--quota", "0"));
        assertEquals(List.of(new RunSpec("t1", "tick.lua", Context.SOFTIRQ, true, OptionalLong.of(1L << 30),
                OptionalLong.of(0))), cli.kernel.started);
        assertEquals("spawned t1: tick.lua (softirq, sha256 9f86d081884c, memory 20K of 1G)\n", cli.out);
    }

    @Test
    void runRefusesAScriptOutsideTheScriptRootSayingHowToFixIt() throws IOException {
        Files.writeString(dir.resolve("hello.lua"), "print('hi')");
        assertEquals(1, cli.run("run", "hello.lua"));
        assertEquals("moontide: hello.lua is outside the script root " + cli.root + ": the kernel reads scripts only"
                + " from there (copy it: install -D -m 0644 hello.lua " + cli.root.resolve("hello.lua") + ")\n",
                cli.err);
        assertEquals(List.of(), cli.kernel.calls);
    }

    @Test
    void runSaysWhereItLookedForAMissingScript() {
        assertEquals(1, cli.run("run", "nope.lua"));
        assertEquals("moontide: no such script: nope.lua (looked in " + dir + " and the script root " + cli.root
                + ")\n", cli.err);
    }

    @ParameterizedTest(name = "run {0}")
    @ValueSource(strings = {"--context=irq", "--memory=lots", "--quota=many", "--name"})
    void badOptionsAreUsageErrorsOnOneLine(String option) throws IOException {
        Files.writeString(cli.root.resolve("a.lua"), "");
        assertEquals(2, cli.run("run", "a.lua", option));
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertTrue(cli.err.startsWith("moontide: "), cli.err);
        assertEquals(List.of(), cli.kernel.calls);
    }

    @Test
    void anInvalidNameIsRefusedBeforeTheKernelSeesIt() throws IOException {
        Files.writeString(cli.root.resolve("a.lua"), "");
        assertEquals(2, cli.run("run", "a.lua", "--name", "a b"));
        assertEquals("moontide: runtime name \"a b\" has invalid character ' ' at index 1;"
                + " allowed are A-Z a-z 0-9 _ . -\n", cli.err);
    }

    @Test
    void aKernelRefusalIsOneLineAndExitOne() throws IOException {
        Files.writeString(cli.root.resolve("a.lua"), "");
        cli.kernel.with(FakeKernel.runtime("a", "a.lua", RunState.RUNNING, 0, null));
        assertEquals(1, cli.run("run", "a.lua"));
        assertEquals("moontide: runtime a exists\n", cli.err);
    }

    @Test
    void stopStopsEachNameAndFailsIfAnyFails() {
        cli.kernel.with(FakeKernel.runtime("a", "a.lua", RunState.RUNNING, 0, null))
                .with(FakeKernel.runtime("b", "b.lua", RunState.RUNNING, 0, null));
        assertEquals(1, cli.run("stop", "a", "x", "b"));
        assertEquals("stopped a\nstopped b\n", cli.out);
        assertEquals("moontide: stop x: no runtime named x\n", cli.err);
        assertEquals(0, cli.kernel.runtimes.size());
    }

    @Test
    void stopOfOneUnknownRuntimeIsOneLine() {
        assertEquals(1, cli.run("stop", "x"));
        assertEquals("moontide: no runtime named x\n", cli.err);
    }

    @Test
    void evalPrintsResultsTabSeparated() {
        cli.kernel.answer("return 6 * 7, nil", List.of("42", "nil"));
        assertEquals(0, cli.run("eval", "return 6 * 7, nil"));
        assertEquals("42\tnil\n", cli.out);
        assertEquals(List.of("eval - return 6 * 7, nil"), cli.kernel.calls);
    }

    @Test
    void evalReadsTheChunkFromStdinInTheNamedRuntime() {
        cli.stdin = "local x = 1\nreturn x\n";
        cli.kernel.answer("local x = 1\nreturn x\n", List.of("1"));
        assertEquals(0, cli.run("eval", "--runtime", "web", "-"));
        assertEquals("1\n", cli.out);
        assertEquals(List.of("eval web local x = 1\nreturn x\n"), cli.kernel.calls);
    }

    @Test
    void evalErrorsAreTheKernelsMessage() {
        cli.kernel.answer("error('boom')", new KernelException(125, "runtime", "eval:1: boom"));
        assertEquals(1, cli.run("eval", "error('boom')"));
        assertEquals("moontide: eval:1: boom\n", cli.err);
    }

    @ParameterizedTest(name = "moontide {0} without the module")
    @ValueSource(strings = {"list", "stop x", "eval return", "repl"})
    void aVerbThatNeedsTheModuleSaysHowToLoadIt(String args) {
        cli.kernel.loaded = false;
        assertEquals(1, cli.run(args.split(" ")));
        assertEquals("moontide: the moontide module is not loaded (/dev/moontide is missing): load it with"
                + " `moontide load`\n", cli.err);
    }

    @Test
    void statusShowsModulesDeviceScriptRootAndRuntimes() {
        cli.kernel.with(FakeKernel.runtime("a", "a.lua", RunState.RUNNING, 0, null))
                .with(FakeKernel.runtime("b", "b.lua", RunState.FAILED, 0, "x"));
        assertEquals(0, cli.run("status"));
        assertEquals(String.join("\n", "modules:   moontide 0.1.0 (live, used by 0)",
                "device:    " + cli.device + ": moontide 0.1.0, Lua 5.4-kernel, protocol 1",
                "scripts:   " + cli.root, "runtimes:  2 (1 running, 1 failed)", ""), cli.out);
    }

    @Test
    void statusWithoutTheModuleSaysSoAndExitsOne() throws IOException {
        Cli bare = new Cli(dir.resolve("bare"));
        assertEquals(1, bare.run("status"));
        assertEquals(String.join("\n", "modules:   none loaded", "device:    " + bare.device + " (missing)",
                "scripts:   /lib/modules/lua", ""), bare.out);
        assertEquals("moontide: the moontide module is not loaded: load it with `moontide load`\n", bare.err);
    }

    @Test
    void statusAsJson() {
        assertEquals(0, cli.run("status", "--output", "json"));
        assertTrue(cli.out.contains("\"protocol\" : 1"), cli.out);
        assertTrue(cli.out.contains("\"name\" : \"moontide\""), cli.out);
        assertTrue(cli.out.contains("\"runtimes\" : 0"), cli.out);
    }

    @Test
    void loadSaysWhatItLoadedAndFromWhere() throws IOException {
        Cli fresh = new Cli(dir.resolve("fresh"));
        Files.write(fresh.build.resolve("moontide.ko"), new byte[0]);
        assertEquals(1, fresh.run("load"));
        assertTrue(fresh.err.startsWith("moontide: cannot read the modules in " + fresh.build), fresh.err);
    }

    @Test
    void loadOfALoadedModuleIsNotAnErrorButParametersAreNotApplied() throws IOException {
        writeKo(cli.build.resolve("moontide.ko"));
        assertEquals(0, cli.run("load", "script_root=/srv/lua"));
        assertEquals("moontide is already loaded\n", cli.out);
        assertEquals("moontide: parameters not applied to the loaded module; `moontide reload script_root=/srv/lua`"
                + " applies them\n", cli.err);
        assertEquals(List.of(), cli.syscalls);
    }

    @Test
    void loadPassesParametersAndReportsTheVersion() throws IOException {
        Cli fresh = new Cli(dir.resolve("fresh"));
        writeKo(fresh.build.resolve("moontide.ko"));
        assertEquals(0, fresh.run("load", "script_root=/srv/lua"));
        assertEquals(List.of("finit moontide.ko.zst [script_root=/srv/lua]"), fresh.syscalls);
        assertEquals("loaded moontide 0.1.0 from " + fresh.build.resolve("moontide.ko.zst") + "\n", fresh.out);
    }

    @Test
    void aParameterThatIsNotNameValueIsAUsageError() {
        assertEquals(2, cli.run("load", "script_root /srv"));
        assertEquals("moontide: module parameter 'script_root /srv' is not NAME=VALUE\n", cli.err);
    }

    @Test
    void unloadStopsRuntimesThenUnloads() {
        cli.kernel.with(FakeKernel.runtime("a", "a.lua", RunState.RUNNING, 0, null));
        assertEquals(0, cli.run("unload"));
        assertEquals("stopped a\nunloaded moontide\n", cli.out);
        assertEquals(List.of("delete moontide"), cli.syscalls);
    }

    @Test
    void unloadWithNothingLoadedSaysSo() throws IOException {
        Cli bare = new Cli(dir.resolve("bare"));
        assertEquals(0, bare.run("unload"));
        assertEquals("moontide is not loaded\n", bare.out);
    }

    @Test
    void anUnknownVerbIsAUsageError() {
        assertEquals(2, cli.run("frobnicate"));
        assertEquals(1, cli.err.lines().count(), cli.err);
    }

    /** A compressed module file: the locator takes it by its name, without reading its modinfo. */
    static void writeKo(Path ko) throws IOException {
        Files.write(ko.resolveSibling(ko.getFileName() + ".zst"), new byte[] {1});
    }
}
