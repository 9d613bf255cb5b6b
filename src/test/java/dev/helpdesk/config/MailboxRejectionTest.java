package dev.helpdesk.config;

import static dev.helpdesk.config.ConfigFiles.mailboxWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mailbox keys that are missing, of the wrong type or out of range, each at its own line. */
class MailboxRejectionTest {

    @TempDir Path dir;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void rejectsPortThatIsNotANumberQuotingIt() {
        String message = files.assertRejected(mailboxWith("      \"port\": \"abc\""), 5,
                "mailboxes[0].port", "expected a whole number from 1 to 65535, got \"abc\"");
        assertEquals(dir.resolve("config.json") + " line 5: mailboxes[0].port: expected a whole"
                + " number from 1 to 65535, got \"abc\".", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "993.5", "-1", "99999999999999999999"})
    void rejectsPortOutOfRange(String port) {
        files.assertRejected(mailboxWith("      \"port\": " + port), 5, "mailboxes[0].port",
                "expected a whole number from 1 to 65535, got " + port);
    }

    @Test
    void rejectsUnknownMailboxKeyAndSuggestsTheRightOne() {
        files.assertRejected(mailboxWith("      \"afterfetch\": \"delete\""), 5,
                "mailboxes[0].afterfetch", "unknown key", "did you mean \"afterFetch\"?");
    }

    @Test
    void rejectsUnknownKeyWithoutSuggestionWhenNothingIsClose() {
        String message = files.assertRejected(mailboxWith("      \"color\": \"red\""), 5,
                "mailboxes[0].color", "unknown key (keys allowed here: name, addresses, host");
        assertEquals(-1, message.indexOf("did you mean"));
    }

    @Test
    void pointsAtTheSecondUseOfAMailboxNameAndNamesTheFirst() {
        files.assertRejected("""
                { "mailboxes": [
                        { "name": "support", "host": "h", "username": "u", "password": {"env": "PW"} },
                        { "name": "sales", "host": "h", "username": "u", "password": {"env": "PW"} },
                        { "host": "h", "username": "u", "password": {"env": "PW"},
                            "name": "support" } ] }
                """, 5, "mailboxes[2].name", "\"support\" is already used by mailboxes[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Support", "support desk", "-support", ".hidden", "../etc", "",
            "a234567890123456789012345678901234567890123456789012345678901234", "süpport"})
    void rejectsNamesThatCannotBeALockOrFileName(String name) {
        files.assertRejected("""
                { "mailboxes": [
                        { "host": "h", "username": "u", "password": {"env": "PW"},
                            "name": "%s" } ] }
                """.formatted(name), 3, "mailboxes[0].name",
                "expected 1 to 63 characters from a-z, 0-9", "lock name and a file name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s", "0", "support", "support-2.eu_west",
            "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsNamesMatchingThePattern(String name) {
        Config config = files.load("""
                { "mailboxes": [ { "host": "h", "username": "u", "password": {"env": "PW"},
                                                      "name": "%s" } ] }
                """.formatted(name));
        assertEquals(name, config.mailboxes().get(0).name());
    }

    @Test
    void rejectsMissingNameHostAndUsernameAtTheMailboxesLine() {
        String without = """
                { "mailboxes": [
                        { "name": "a", "host": "h", "username": "u", "password": {"env": "PW"} },
                        {
                            %s
                            "password": {"env": "PW"} } ] }
                """;
        files.assertRejected(without.formatted("\"host\": \"h\", \"username\": \"u\","), 3,
                "mailboxes[1].name", "required key is missing", "mailbox name");
        files.assertRejected(without.formatted("\"name\": \"b\", \"username\": \"u\","), 3,
                "mailboxes[1].host", "required key is missing", "host name");
        files.assertRejected(without.formatted("\"name\": \"b\", \"host\": \"h\","), 3,
                "mailboxes[1].username", "required key is missing", "login name");
    }

    @Test
    void rejectsWrongTypesForStringsAndLists() {
        files.assertRejected("{ \"mailboxes\": [ { \"name\": 7,\n \"host\": \"h\" } ] }", 1,
                "mailboxes[0].name", "expected a mailbox name", "got 7");
        files.assertRejected(mailboxWith("      \"folders\": \"INBOX\""), 5, "mailboxes[0].folders",
                "expected a list of folder names", "got \"INBOX\"");
        files.assertRejected(mailboxWith("      \"port\": null"), 5, "mailboxes[0].port",
                "got null");
    }

    @Test
    void rejectsAnAddressThatIsNotOneAtItsOwnLine() {
        files.assertRejected(mailboxWith("""
                            "addresses": ["support@example.com",
                                                        "support at example.com"]
                """), 6, "mailboxes[0].addresses[1]",
                "expected an email address such as support@example.com, got \"support at example.com\"");
    }

    @Test
    void rejectsAHostWithASchemeOrPort() {
        files.assertRejected("""
                { "mailboxes": [ { "name": "a", "username": "u", "password": {"env": "PW"},
                        "host": "imaps://imap.example.com" } ] }
                """, 2, "mailboxes[0].host", "without scheme", "got \"imaps://imap.example.com\"");
    }

    @Test
    void rejectsAnUnknownSecurity() {
        files.assertRejected(mailboxWith("      \"security\": \"tls\""), 5, "mailboxes[0].security",
                "expected one of \"ssl\", \"starttls\" or \"none\", got \"tls\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"imap.example.com", "10.0.0.1", "128.0.0.1", "localhost.example.com",
            "::2", "127.0.0.256"})
    void rejectsSecurityNoneOnANonLoopbackHost(String host) {
        files.assertRejected("""
                { "mailboxes": [ { "name": "a", "username": "u", "password": {"env": "PW"},
                        "host": "%s",
                        "security": "none" } ] }
                """.formatted(host), 3, "mailboxes[0].security",
                "allowed only for a loopback host (localhost, 127.0.0.0/8, ::1), not \"" + host + "\"",
                "use \"ssl\" or \"starttls\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]",
            "0:0:0:0:0:0:0:1"})
    void acceptsSecurityNoneOnLoopback(String host) {
        Config config = files.load("""
                { "mailboxes": [ { "name": "a", "username": "u", "password": {"env": "PW"},
                        "host": "%s", "security": "none", "port": 3143 } ] }
                """.formatted(host));
        assertEquals(Security.NONE, config.mailboxes().get(0).security());
    }

    @Test
    void rejectsEmptyBlankAndRepeatedFolders() {
        files.assertRejected(mailboxWith("      \"folders\": [ ]"), 5, "mailboxes[0].folders",
                "expected at least one folder name", "got an empty list");
        files.assertRejected(mailboxWith("      \"folders\": [\"INBOX\",\n \"  \"]"), 6,
                "mailboxes[0].folders[1]", "expected a folder name", "got \"  \"");
        files.assertRejected(mailboxWith("      \"folders\": [\"INBOX\", \"Junk\",\n \"INBOX\"]"), 6,
                "mailboxes[0].folders[2]", "\"INBOX\" is already listed as mailboxes[0].folders[0]");
    }

    @Test
    void rejectsAnUnknownAfterFetch() {
        files.assertRejected(mailboxWith("      \"afterFetch\": \"archive\""), 5,
                "mailboxes[0].afterFetch", "expected one of \"mark-seen\", \"move:FOLDER\", \"delete\""
                        + " or \"none\", got \"archive\"");
        files.assertRejected(mailboxWith("      \"afterFetch\": \"move:\""), 5,
                "mailboxes[0].afterFetch", "expected a folder name after \"move:\"");
    }

    @Test
    void rejectsMovingIntoAFetchedFolder() {
        files.assertRejected(mailboxWith("""
                            "folders": ["INBOX", "Done"],
                            "afterFetch": "move:Done"
                """), 6, "mailboxes[0].afterFetch", "\"move:Done\" would move messages into a folder"
                        + " that is fetched too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0s\"", "\"-5m\"", "\"10 minutes\"", "\"1.5h\"", "\"10M\"", "30"})
    void rejectsBadTimeouts(String value) {
        files.assertRejected(mailboxWith("      \"readTimeout\": " + value), 5,
                "mailboxes[0].readTimeout", "expected a duration such as 90s, 10m, 2h or 1d",
                "got " + value);
    }
}
