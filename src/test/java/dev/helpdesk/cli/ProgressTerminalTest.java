package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.fetch.DovecotRig;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.Command;
import dev.helpdesk.testing.SampleMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress line of a manual fetch, seen through a real pseudo-terminal (util-linux {@code script} runs a
 * child JVM on one): drawn with carriage returns and wiped at the end; absent when stderr is a file, and with
 * --quiet or --json. The link is throttled so the drain takes a few seconds and the line is redrawn.
 */
@Tag("process")
@Timeout(180)
class ProgressTerminalTest {
    private static final int MESSAGES = 400;
    /** A redrawn line with its rate and time left, e.g. "support: 200 of 400 messages (...), 150 msg/s, about 2s left". */
    private static final Pattern WITH_RATE = Pattern.compile("support: [1-9][0-9,]* of 400 messages \\([0-9.]+ [KM]?B"
            + " of [0-9.]+ [KM]?B\\), [0-9.,]+ msg/s(, about [0-9hms ]+ left)?");

    @TempDir
    Path dir;

    private DovecotRig rig;

    @BeforeEach
    void slowMailbox() {
        Command.require("script");
        rig = new DovecotRig(dir);
        byte[][] messages = new byte[MESSAGES][];
        for (int i = 0; i < MESSAGES; i++) {
            messages[i] = SampleMessages.numbered(i + 1, 2_000);
        }
        rig.dovecot.seed("INBOX", messages);
        rig.proxy.everyConnection().throttle(300_000); // about 800 KB in 2.7 s
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** `helpdesk --config ... ARGS` in a child JVM on a pseudo-terminal; {@code redirect} is shell text after it. */
    private Command.Result onTerminal(String redirect, String... args) {
        forgetEverything();
        String java = ChildJvm.javaBinary() + " -XX:TieredStopAtLevel=1 -cp " + quote(System.getProperty(
                "java.class.path")) + " " + Main.class.getName() + " --config " + quote(rig.configFile().toString())
                + " " + String.join(" ", args) + redirect;
        return Command.of("script", "-q", "-e", "-c", java, "/dev/null").inheritEnv()
                .env(DovecotRig.PASSWORD_ENV, DovecotRig.PASSWORD).env("HOME", dir.toString()).run(dir);
    }

    /** A fresh store each time, so every run finds all the mail new and has something to show. */
    private void forgetEverything() {
        if (!Files.exists(rig.dataDir())) {
            return;
        }
        try (Stream<Path> files = Files.walk(rig.dataDir())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The pieces drawn over each other: what lies between carriage returns that do not end a line. */
    private static List<String> drawn(String terminal) {
        return Arrays.stream(terminal.split("\r\n")).flatMap(line -> Arrays.stream(line.split("\r")))
                .map(String::strip).filter(piece -> !piece.isEmpty()).toList();
    }

    @Test
    void aManualFetchOnATerminalShowsALiveLineAndWipesIt() {
        Command.Result run = onTerminal("", "fetch");
        assertEquals(0, run.code(), run.toString());
        String terminal = run.out();
        assertTrue(terminal.contains("\rsupport: 0 of 400 messages (0 B of "), "drawn as soon as the total is"
                + " known: " + visible(terminal));
        assertTrue(drawn(terminal).stream().anyMatch(piece -> WITH_RATE.matcher(piece).matches()),
                "redrawn with rate and time left: " + visible(terminal));
        int summary = terminal.indexOf("support: 400 new");
        assertTrue(summary > 0, visible(terminal));
        String beforeSummary = terminal.substring(0, summary);
        assertTrue(Pattern.compile("\r {20,}\r$").matcher(beforeSummary).find(),
                "wiped before the summary line: " + visible(beforeSummary));
    }

    @Test
    void noLineWhenStderrIsAFileNorWithQuietOrJson() throws IOException {
        Path err = dir.resolve("err.txt");
        Command.Result toFile = onTerminal(" 2>" + quote(err.toString()), "fetch");
        assertEquals(0, toFile.code(), toFile.toString());
        assertTrue(toFile.out().contains("support: 400 new"), toFile.toString());
        assertFalse(toFile.out().contains("of 400 messages"), visible(toFile.out()));
        String errText = Files.readString(err);
        assertFalse(errText.contains("\r") || errText.contains("of 400 messages"), "cron logs stay clean: " + errText);

        for (String flag : List.of("--quiet", "--json")) {
            Command.Result run = onTerminal("", "fetch", flag);
            assertEquals(0, run.code(), flag + ": " + run);
            assertFalse(run.out().contains("of 400 messages"), flag + ": " + visible(run.out()));
        }
    }

    private static String visible(String text) {
        return text.replace("\r", "<CR>").replace("\n", "<LF>\n");
    }
}
