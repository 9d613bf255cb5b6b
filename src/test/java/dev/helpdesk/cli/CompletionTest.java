package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts in the real shells: bash (and zsh through bashcompinit) source them and run
 * the completion function with COMP_WORDS set, as a TAB would; --mailbox asks a real helpdesk process.
 */
class CompletionTest {
    @TempDir
    Path dir;

    private Map<String, String> env;
    private Path config;
    /** A `helpdesk` on this build's class path, standing in for the installed launcher. */
    private Path helpdesk;

    @BeforeEach
    void setUp() throws Exception {
        env = Map.of("HOME", dir.resolve("home").toString());
        config = Files.writeString(dir.resolve("config.json"), """
                { "dataDir": "%s", "mailboxes": [
                  { "name": "support", "host": "localhost", "security": "none", "username": "s",
                    "password": { "env": "PW" } },
                  { "name": "sales", "host": "localhost", "security": "none", "username": "t",
                    "password": { "env": "PW" } } ] }
                """.formatted(dir.resolve("data")));
        helpdesk = Files.writeString(dir.resolve("helpdesk"), "#!/bin/sh\nexec '" + ChildJvm.javaBinary()
                + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' dev.helpdesk.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(helpdesk, PosixFilePermissions.fromString("rwx------"));
    }

    private Path script(String shell) throws Exception {
        CliRun run = CliRun.run(env, Clock.systemUTC(), "completion", shell);
        assertEquals(0, run.code(), run.toString());
        return Files.writeString(dir.resolve("completion." + shell), run.out());
    }

    /** What bash offers for the last word of {@code words} (the word being completed, maybe empty). */
    private List<String> bashCompletes(Path script, String... words) {
        String array = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        Command.Result result = Command.of("bash", "-c", "source \"$1\"; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE};"
                + " _complete_helpdesk 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"", "bash", script.toString())
                .env("PATH", System.getenv("PATH")).env("HOME", dir.toString()).run(dir);
        assertEquals(0, result.code(), result.toString());
        return result.out().lines().filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void bashAcceptsTheScriptAndCompletesCommandsAndOptions() throws Exception {
        Path script = script("bash");
        Command.Result syntax = Command.of("bash", "-n", script.toString()).run(dir);
        assertEquals(0, syntax.code(), syntax.toString());

        assertEquals(List.of("fetch"), bashCompletes(script, helpdesk.toString(), "fe"));
        assertTrue(bashCompletes(script, helpdesk.toString(), "").containsAll(
                List.of("fetch", "status", "conversations", "quarantine", "lock", "store", "auth", "completion")));
        assertFalse(bashCompletes(script, helpdesk.toString(), "ma").contains("man"), "hidden commands stay hidden");
        assertTrue(bashCompletes(script, helpdesk.toString(), "fetch", "--").containsAll(
                List.of("--mailbox", "--dry-run", "--json", "--config")));
        assertEquals(List.of("show", "release"), bashCompletes(script, helpdesk.toString(), "lock", ""));
    }

    @Test
    void bashCompletesMailboxWithTheConfiguredNames() throws Exception {
        Path script = script("bash");
        String cfg = config.toString();
        assertEquals(List.of("support", "sales"),
                bashCompletes(script, helpdesk.toString(), "--config", cfg, "fetch", "--mailbox", ""));
        assertEquals(List.of("sales"),
                bashCompletes(script, helpdesk.toString(), "--config", cfg, "fetch", "--mailbox", "sa"));
        assertEquals(List.of("support", "sales"),
                bashCompletes(script, helpdesk.toString(), "--config", cfg, "auth", "login", "--mailbox", ""));
        assertEquals(List.of("support", "sales"), bashCompletes(script, helpdesk.toString(), "--config", cfg,
                "conversations", "list", "--mailbox", ""));
    }

    @Test
    void noConfigMeansNoMailboxNamesAndNoError() throws Exception {
        Path script = script("bash");
        assertEquals(List.of(), bashCompletes(script, helpdesk.toString(), "--config",
                dir.resolve("missing.json").toString(), "fetch", "--mailbox", ""));
        CliRun names = CliRun.run(env, Clock.systemUTC(), "--config", dir.resolve("missing.json").toString(),
                "mailbox-names");
        assertEquals(new CliRun(0, "", ""), names);
        Files.writeString(dir.resolve("broken.json"), "{ \"mailboxes\": [ }");
        assertEquals(new CliRun(0, "", ""), CliRun.run(env, Clock.systemUTC(), "--config",
                dir.resolve("broken.json").toString(), "mailbox-names"));
    }

    @Test
    void zshRunsTheSameCompletionThroughBashcompinit() throws Exception {
        Command.require("zsh");
        Path script = script("zsh");
        assertTrue(Files.readString(script).startsWith("#compdef helpdesk\n"));
        Command.Result syntax = Command.of("zsh", "-n", script.toString()).run(dir);
        assertEquals(0, syntax.code(), syntax.toString());
        // As bashcompinit's _bash_complete calls it: compgen -F with COMP_WORDS, CURRENT and words set.
        Command.Result completed = Command.of("zsh", "-f", "-c", "autoload -U compinit && compinit -u -D;"
                + " source \"$1\"; words=(\"$2\" --config \"$3\" fetch --mailbox ''); CURRENT=6;"
                + " COMP_WORDS=(\"${words[@]}\"); COMP_CWORD=5; COMP_LINE=\"${words[*]}\";"
                + " compgen -F _complete_helpdesk -- ''", "zsh", script.toString(), helpdesk.toString(),
                config.toString()).env("PATH", System.getenv("PATH")).env("HOME", dir.toString()).run(dir);
        assertEquals(0, completed.code(), completed.toString());
        assertEquals(List.of("support", "sales"), completed.out().lines().toList(), completed.toString());
    }

    @Test
    void anInteractiveZshCompletesMailboxesFromTheAutoloadedFunction() throws Exception {
        Command.require("zsh");
        // As an admin's zsh does it: _helpdesk in fpath, compinit, then TAB in a real terminal (zpty).
        Path zdot = Files.createDirectories(dir.resolve("zdot"));
        Path functions = Files.createDirectories(zdot.resolve("functions"));
        Files.copy(script("zsh"), functions.resolve("_helpdesk"));
        Files.writeString(zdot.resolve(".zshrc"), """
                fpath=(%s $fpath)
                path=(%s $path)
                autoload -U compinit && compinit -u -d %s
                PS1='%%%% '
                """.formatted(functions, dir, zdot.resolve(".zcompdump")));
        Path driver = Files.writeString(dir.resolve("tab.zsh"), """
                zmodload zsh/zpty
                zpty z "env ZDOTDIR=$1 HOME=$1 PATH=$PATH TERM=dumb zsh -i"
                out=""
                # Reads what the terminal shows until it contains $1 (or an error), for at most 60 s.
                await() {
                  local chunk
                  integer deadline=$(( SECONDS + 60 ))
                  while (( SECONDS < deadline )); do
                    if zpty -r -t z chunk; then out+=$chunk; else sleep 0.1; continue; fi
                    [[ $out == *$1* ]] && return 0
                    [[ $out == *'not found'* ]] && { print -r -- "error in: $out"; return 1; }
                  done
                  print -r -- "timed out waiting for $1 in: $out"; return 1
                }
                zpty -w -n z "helpdesk --config $2 fetch --mailbox "$'\t'
                await '--mailbox s' || exit 1
                zpty -w -n z $'\t'
                await 'support' || exit 1
                print -r -- "$out"
                zpty -d z
                """);
        Command.Result tab = Command.of("zsh", "-f", driver.toString(), zdot.toString(), config.toString())
                .env("PATH", System.getenv("PATH")).env("HOME", zdot.toString()).run(dir);
        assertEquals(0, tab.code(), tab.toString());
        assertTrue(tab.out().contains("sales") && tab.out().contains("support"), tab.toString());
        assertFalse(tab.out().contains("not found") || tab.out().contains("compopt"), tab.toString());
    }

    @Test
    void otherShellsAreAUsageError() {
        CliRun fish = CliRun.run(env, Clock.systemUTC(), "completion", "fish");
        assertEquals(2, fish.code(), fish.toString());
        assertTrue(fish.err().contains("bash or zsh"), fish.err());
    }
}
