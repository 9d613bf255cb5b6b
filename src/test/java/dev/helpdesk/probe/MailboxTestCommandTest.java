package dev.helpdesk.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.fetch.DovecotRig;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.SampleMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helpdesk mailbox test} in text and JSON against real servers (Dovecot through a recording proxy,
 * GreenMail) and sockets that are not IMAP: a good mailbox, a wrong password, a port that answers HTTP or
 * nothing, plain text where TLS is expected, a server without MOVE and UIDPLUS for {@code move:}, a folder that
 * does not exist; and that the test changes nothing anywhere.
 */
class MailboxTestCommandTest {
    /** What Dovecot advertises when told to hide MOVE and UIDPLUS (it replaces the whole list, AUTH= too). */
    static final String WITHOUT_MOVE_AND_UIDPLUS = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LITERAL+"
            + " UNSELECT CHILDREN NAMESPACE";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private DovecotRig dovecot(String capability) {
        DovecotRig rig = new DovecotRig(dir, capability);
        open.add(rig);
        rig.dovecot.seed("INBOX", SampleMessages.numbered(1, 500), SampleMessages.numbered(2, 500),
                SampleMessages.numbered(3, 500));
        return rig;
    }

    private static List<String> kinds(JsonNode mailbox) {
        return StreamSupport.stream(mailbox.get("steps").spliterator(), false)
                .map(step -> step.get("step").asText()).toList();
    }

    private static JsonNode step(JsonNode mailbox, String kind) {
        return StreamSupport.stream(mailbox.get("steps").spliterator(), false)
                .filter(step -> step.get("step").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static String verdicts(JsonNode mailbox) {
        return String.join(" ", StreamSupport.stream(mailbox.get("steps").spliterator(), false)
                .map(step -> step.get("step").asText() + "=" + step.get("verdict").asText()).toList());
    }

    @Test
    void aGoodMailboxPassesEveryStepAndChangesNothing() throws Exception {
        DovecotRig rig = dovecot(null);
        rig.config("", "\"afterFetch\": \"move:Archive\",");

        CliRun text = rig.run("mailbox", "test");
        assertEquals(0, text.code(), text.toString());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(0).matches("support: 127\\.0\\.0\\.1:\\d+ \\(none\\)"), lines.get(0));
        assertTrue(lines.get(1).matches("  connect +ok +\\d+ ms  127\\.0\\.0\\.1 is 127\\.0\\.0\\.1; connected to"
                + " 127\\.0\\.0\\.1:\\d+ \\(loopback\\)"), lines.get(1));
        assertTrue(text.out().contains("  tls           ok ") && text.out().contains("plain text, no TLS (security"
                + " \"none\"); loopback: nothing crosses a network"), text.out());
        assertTrue(text.out().contains("\"* OK [CAPABILITY IMAP4rev1"), "the greeting, quoted: " + text.out());
        assertTrue(text.out().contains("AUTHENTICATE PLAIN as support@example.com"), text.out());
        assertTrue(text.out().contains("MOVE yes, UIDPLUS yes, IDLE yes, AUTH=XOAUTH2 yes;"), text.out());
        assertTrue(text.out().contains("  folder INBOX  ok ") && text.out().contains("3 messages, UIDVALIDITY ")
                && text.out().contains("never fetched: all 3 wait"), text.out());
        assertTrue(text.out().contains("move:Archive (the folder does not exist yet)")
                && text.out().contains("The folder \"Archive\" does not exist yet: the first fetch creates it."),
                text.out());
        assertTrue(text.out().contains("There is no database yet: nothing has run with this config."), text.out());
        assertEquals("support: ok (exit 0)", lines.get(lines.size() - 1));
        assertFalse(Files.exists(new DataDir(rig.dataDir()).database()), "no database was created");

        List<String> commands = rig.proxy.commands();
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("EXAMINE")), commands.toString());
        assertTrue(commands.stream().noneMatch(c -> c.matches("(?i)(UID )?(SELECT|STORE|CREATE|EXPUNGE|MOVE|COPY"
                + "|APPEND|DELETE).*") || c.contains("BODY")), "it only looks: " + commands);

        JsonNode json = mapper.readTree(rig.run("mailbox", "test", "--json").out());
        assertEquals(0, json.get("exitCode").asInt());
        JsonNode support = json.get("mailboxes").get(0);
        assertEquals("ok", support.get("outcome").asText());
        assertEquals(List.of("connect", "tls", "greeting", "login", "capabilities", "folder", "afterFetch", "lock"),
                kinds(support));
        assertEquals("connect=ok tls=ok greeting=ok login=ok capabilities=ok folder=ok afterFetch=ok lock=ok",
                verdicts(support));
        assertEquals(false, step(support, "tls").get("facts").get("tls").asBoolean());
        assertEquals("AUTHENTICATE PLAIN", step(support, "login").get("facts").get("mechanism").asText());
        assertTrue(step(support, "capabilities").get("facts").get("move").asBoolean());
        JsonNode inbox = step(support, "folder");
        assertEquals("INBOX", inbox.get("folder").asText());
        assertEquals(3, inbox.get("facts").get("messages").asInt());
        assertEquals(3, inbox.get("facts").get("waiting").asInt());
        assertTrue(inbox.get("facts").get("lastUid").isNull());
        assertFalse(step(support, "afterFetch").get("facts").get("targetExists").asBoolean());
        assertEquals("free", step(support, "lock").get("facts").get("state").asText());

        // After a fetch, what waits is counted above the stored UID, from the store read as it is.
        assertEquals(0, rig.run("fetch").code());
        rig.dovecot.seed("INBOX", SampleMessages.numbered(4, 500), SampleMessages.numbered(5, 500));
        long runs = rig.count("SELECT count(*) FROM runs");
        CliRun again = rig.run("mailbox", "test");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("2 messages, UIDVALIDITY "), "the fetched 3 moved to Archive: " + again.out());
        assertTrue(again.out().contains("2 wait above UID 3"), again.out());
        assertTrue(again.out().contains("move:Archive (the folder exists)"), again.out());
        assertEquals(runs, rig.count("SELECT count(*) FROM runs"), "no run recorded");
        assertEquals(0, rig.count("SELECT count(*) FROM locks"), "no lock taken");
    }

    @Test
    void aWrongPasswordFailsAtLoginWithTheServersWordsAndSkipsWhatNeedsIt() throws Exception {
        DovecotRig rig = dovecot(null);
        rig.env().put(DovecotRig.PASSWORD_ENV, "not-the-password");

        CliRun text = rig.run("mailbox", "test");
        assertEquals(69, text.code(), text.toString());
        assertTrue(text.out().contains("  login         failed"), text.out());
        assertTrue(text.out().contains("! IMAP login as support@example.com at 127.0.0.1:") && text.out()
                .contains("was rejected: [AUTHENTICATIONFAILED] Authentication failed.; check the username and the"
                        + " password configured for this mailbox."), text.out());
        assertTrue(text.out().contains("  capabilities  skipped") && text.out().contains("  folder INBOX  skipped")
                && text.out().contains("  afterFetch    skipped"), text.out());
        assertTrue(text.out().endsWith("support: unreachable: 1 step failed (exit 69)\n"), text.out());

        JsonNode support = mapper.readTree(rig.run("mailbox", "test", "--json").out()).get("mailboxes").get(0);
        assertEquals("connect=ok tls=ok greeting=ok login=failed capabilities=skipped folder=skipped"
                + " afterFetch=skipped lock=ok", verdicts(support));
        assertEquals("unreachable", step(support, "login").get("outcome").asText());
        assertTrue(step(support, "login").get("note").asText().contains("[AUTHENTICATIONFAILED]"));
    }

    @Test
    void aServerWithoutMoveAndUidplusCannotMoveFetchedMail() throws Exception {
        DovecotRig rig = dovecot(WITHOUT_MOVE_AND_UIDPLUS);
        rig.config("", "\"afterFetch\": \"move:Archive\",");

        CliRun text = rig.run("mailbox", "test");
        assertEquals(78, text.code(), text.toString());
        assertTrue(text.out().contains("MOVE no, UIDPLUS no, IDLE yes, AUTH=XOAUTH2 yes;"), "Dovecot still adds its"
                + " AUTH= mechanisms before login: " + text.out());
        assertTrue(text.out().contains("  folder INBOX  ok"), text.out());
        assertTrue(text.out().contains("  afterFetch    failed") && text.out().contains("supports neither MOVE nor"
                + " UIDPLUS, so fetched mail cannot be moved") && text.out().contains("set afterFetch to"
                + " \"mark-seen\" or \"none\" for mailbox support."), text.out());
        assertFalse(text.out().contains("Nothing was fetched"), "a test fetches nothing anyway: " + text.out());

        JsonNode support = mapper.readTree(rig.run("mailbox", "test", "--json").out()).get("mailboxes").get(0);
        assertEquals("misconfigured", support.get("outcome").asText());
        assertEquals(78, support.get("exitCode").asInt());
        assertEquals("misconfigured", step(support, "afterFetch").get("outcome").asText());
        assertFalse(step(support, "capabilities").get("facts").get("uidplus").asBoolean());
    }

    @Test
    void aMissingFolderFailsWithTheFoldersThereAreAndTheOthersAreStillExamined() throws Exception {
        DovecotRig rig = dovecot(null);
        rig.dovecot.seed("Old", SampleMessages.numbered(9, 500));
        rig.config("", "\"folders\": [\"INBOX\", \"Archive\"],");

        CliRun text = rig.run("mailbox", "test");
        assertEquals(78, text.code(), text.toString());
        assertTrue(text.out().contains("  folder INBOX    ok"), text.out());
        assertTrue(text.out().contains("  folder Archive  failed"), text.out());
        assertTrue(text.out().contains("! There is no folder \"Archive\" on 127.0.0.1:") && text.out().contains(
                "The account's folders are: INBOX, Old. Fix \"folders\" of mailbox support in the config"),
                text.out());
        assertTrue(text.out().contains("  afterFetch      ok"), "not skipped for a folder: " + text.out());

        JsonNode support = mapper.readTree(rig.run("mailbox", "test", "--json").out()).get("mailboxes").get(0);
        assertEquals("connect=ok tls=ok greeting=ok login=ok capabilities=ok folder=ok folder=failed afterFetch=ok"
                + " lock=ok", verdicts(support));
    }

    @Test
    void aChangedUidValidityAndAStaleLockAreWarnings() throws Exception {
        DovecotRig rig = dovecot(null);
        assertEquals(0, rig.run("fetch").code());
        long before = rig.dovecot.resetUidValidity(DovecotRig.USER, "INBOX");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessIdentity self = ProcessIdentity.current("test-host", "helpdesk fetch");
        try (Store store = new DataDir(rig.dataDir()).openStore("test")) {
            new Locks(store, Clock.systemUTC(), new SystemProcesses(), new ProcessIdentity(gone.pid(),
                    self.hostIdentity(), OptionalLong.of(1), Optional.empty(), "helpdesk fetch"))
                    .acquire("fetch:support", Duration.ofMinutes(10));
        }

        CliRun text = rig.run("mailbox", "test");
        assertEquals(0, text.code(), "warnings only: " + text);
        assertTrue(text.out().contains("  folder INBOX  warning") && text.out().contains("! UIDVALIDITY changed from")
                && text.out().contains(" to " + before + " since the last run"), text.out());
        assertTrue(text.out().contains("  lock          warning") && text.out().contains("! The lock fetch:support is"
                + " stale: process gone") && text.out().contains("run `helpdesk lock release fetch:support`"),
                text.out());
        assertTrue(text.out().endsWith("support: ok, 2 warnings (exit 0)\n"), text.out());
        assertEquals(1, rig.count("SELECT count(*) FROM locks"), "the stale lock is left for the next fetch");
    }

    /** A config of one mailbox "support" on 127.0.0.1 at {@code port} with this security, read timeout 2 s. */
    private Path config(int port, String security) throws IOException {
        return Files.writeString(dir.resolve("config-" + port + ".json"), """
                { "dataDir": "%s",
                  "mailboxes": [ { "name": "support", "host": "127.0.0.1", "port": %d, "security": "%s",
                                   "username": "support@example.com", "password": { "env": "SUPPORT_PW" },
                                   "readTimeout": "2s", "connectTimeout": "2s" } ] }
                """.formatted(dir.resolve("data"), port, security));
    }

    private CliRun test(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "mailbox", "test"));
        args.addAll(List.of(more));
        return CliRun.run(Map.of("SUPPORT_PW", "pw", "HOME", dir.toString()), Clock.systemUTC(),
                args.toArray(String[]::new));
    }

    /** A port that answers every connection with {@code answer} (or nothing) and keeps it open a while. */
    private int notImap(Optional<String> answer) throws IOException {
        ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(listening);
        Thread thread = new Thread(() -> {
            while (!listening.isClosed()) {
                try (Socket client = listening.accept()) {
                    OutputStream out = client.getOutputStream();
                    if (answer.isPresent()) {
                        out.write(answer.get().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    client.getInputStream().read(new byte[4096]); // until the client goes or the timeout passes
                } catch (IOException closed) {
                    // next
                }
            }
        }, "not-imap");
        thread.setDaemon(true);
        thread.start();
        return listening.getLocalPort();
    }

    @Test
    void aPortThatAnswersSomethingElseIsNotAnImapGreeting() throws Exception {
        int port = notImap(Optional.of("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
        CliRun text = test(config(port, "none"));
        assertEquals(78, text.code(), text.toString());
        assertTrue(text.out().contains("  greeting      failed") && text.out().contains("! Port " + port + " of"
                + " 127.0.0.1 answers \"HTTP/1.1 400 Bad Request\", which is not an IMAP greeting: check \"host\" and"
                + " \"port\" in the config (usually 993 for ssl, 143 for starttls)."), text.out());
        assertTrue(text.out().contains("  login         skipped"), text.out());

        JsonNode support = mapper.readTree(test(config(port, "none"), "--json").out()).get("mailboxes").get(0);
        assertEquals("HTTP/1.1 400 Bad Request", step(support, "greeting").get("facts").get("greeting").asText());
        assertEquals("connect=ok tls=ok greeting=failed login=skipped capabilities=skipped folder=skipped"
                + " afterFetch=skipped lock=ok", verdicts(support));
    }

    @Test
    void aPortThatSaysNothingMayBeATlsPort() throws Exception {
        int port = notImap(Optional.empty());
        CliRun text = test(config(port, "none"));
        assertEquals(69, text.code(), text.toString());
        assertTrue(text.out().contains("! Port " + port + " of 127.0.0.1 accepted the connection but sent no greeting"
                + " within 2s (or closed it); a port for TLS from the first byte (such as 993) waits like this: if"
                + " this is one, set \"security\": \"ssl\""), text.out());
    }

    @Test
    void aPlainTextPortWhereTlsIsExpectedSaysToUseStarttlsOrTheTlsPort() throws Exception {
        FetchHarness greenMail = new FetchHarness(dir);
        open.add(greenMail);
        int port = greenMail.server().port();

        CliRun text = test(config(port, "ssl"));
        assertEquals(78, text.code(), text.toString());
        assertTrue(text.out().contains("  tls           failed") && text.out().contains("! Port " + port + " of"
                + " 127.0.0.1 speaks plain-text IMAP (it greets \"* OK IMAP4rev1 Server GreenMail"), text.out());
        assertTrue(text.out().contains("not TLS: set \"security\": \"starttls\" for this port (\"none\" on loopback),"
                + " or set \"port\" to the port for TLS from the first byte, usually 993."), text.out());
        assertTrue(text.out().contains("  greeting      skipped"), text.out());

        JsonNode support = mapper.readTree(test(config(port, "ssl"), "--json").out()).get("mailboxes").get(0);
        assertEquals("connect=ok tls=failed greeting=skipped login=skipped capabilities=skipped folder=skipped"
                + " afterFetch=skipped lock=ok", verdicts(support));
        JsonNode tls = step(support, "tls");
        assertEquals("misconfigured", tls.get("outcome").asText());
        assertFalse(tls.get("facts").get("tls").asBoolean());
        assertTrue(tls.get("facts").get("plainAnswer").asText().startsWith("* OK IMAP4rev1 Server GreenMail"));
    }

    @Test
    void unknownMailboxNamesAreAUsageError() throws Exception {
        CliRun run = test(config(1, "none"), "sales");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("there is no mailbox named sales"), run.err());
    }
}
