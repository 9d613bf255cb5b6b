package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems with the file as a whole: existence, readability, JSON syntax, top-level keys. */
class FileRejectionTest {

    @TempDir Path dir;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void reportsMalformedJsonWithJacksonsLine() {
        files.assertRejected("""
                {
                    "mailboxes": [
                        { "name": "support", "host": "imap.example.com"
                            "username": "u", "password": {"env": "PW"} }
                    ]
                }
                """, 4, "mailboxes[0]", "malformed JSON", "was expecting comma");
    }

    @Test
    void reportsUnterminatedJsonAtTheEnd() {
        String message = files.assertRejected("""
                {
                    "mailboxes": [
                        { "name": "support", "host": "imap.example.com", "username": "u",
                            "password": {"env": "PW"} }
                """, 5, "mailboxes", "malformed JSON", "end-of-input");
        assertTrue(!message.contains("Source:"), message);
    }

    @Test
    void rejectsContentAfterTheTopLevelObject() {
        files.assertRejected(ConfigFiles.mailboxWith("") + "\n{}\n", 10, "",
                "unexpected content after the end");
    }

    @Test
    void rejectsAnEmptyFile() {
        files.assertRejected("// nothing but a comment\n", 1, "", "holds no JSON", "helpdesk init");
    }

    @Test
    void rejectsATopLevelList() {
        files.assertRejected("\n[ {\"name\": \"support\"} ]\n", 2, "",
                "expected a JSON object", "got a list");
    }

    @Test
    void rejectsAKeyWrittenTwiceInOneObject() {
        files.assertRejected(ConfigFiles.mailboxWith("""
                            "port": 993,
                            "port": 994
                """), 6, "mailboxes[0].port", "appears twice", "first on line 5");
    }

    @Test
    void rejectsUnknownTopLevelKeyAndSuggestsTheRightOne() {
        files.assertRejected("""
                {
                    "dataDir": "/var/lib/helpdesk",
                    "lockTTL": "10m",
                    "mailboxes": []
                }
                """, 3, "lockTTL", "unknown key", "did you mean \"lockTtl\"?", "dataDir, lockTtl");
    }

    @Test
    void rejectsUnknownKeyInsideLimits() {
        files.assertRejected("""
                {
                    "limits": { "maxMessages": 500,
                                            "maxMessage": 10 },
                    "mailboxes": []
                }
                """, 3, "limits.maxMessage", "unknown key", "did you mean \"maxMessages\"?");
    }

    @Test
    void rejectsMissingMailboxesAtTheTopObjectsLine() {
        files.assertRejected("// header\n{\n  \"lockTtl\": \"10m\"\n}\n", 2, "mailboxes",
                "required key is missing", "list of mailboxes");
    }

    @Test
    void rejectsAnEmptyMailboxList() {
        files.assertRejected("{\n  \"lockTtl\": \"10m\",\n  \"mailboxes\": [\n  ]\n}\n", 3,
                "mailboxes", "expected at least one mailbox, got an empty list");
    }

    @Test
    void rejectsMailboxesThatIsNotAList() {
        files.assertRejected("{\n  \"mailboxes\": {\"name\": \"support\"}\n}\n", 2, "mailboxes",
                "expected a list of mailboxes", "got an object");
    }

    @Test
    void rejectsAMailboxThatIsNotAnObject() {
        files.assertRejected("{\n  \"mailboxes\": [\n    \"support\"\n  ]\n}\n", 3, "mailboxes[0]",
                "expected a mailbox object", "got a string");
    }

    @Test
    void rejectsABadLockTtlDuration() {
        files.assertRejected("{\n  \"lockTtl\": \"10 minutes\",\n  \"mailboxes\": []\n}\n", 2,
                "lockTtl", "expected a duration such as 90s, 10m, 2h or 1d", "got \"10 minutes\"");
    }

    @Test
    void rejectsABadRunRetentionWithItsLineAndKey() {
        files.assertRejected("{\n  \"mailboxes\": [],\n  \"runRetention\": \"a month\"\n}\n", 3,
                "runRetention", "expected a duration such as 90s, 10m, 2h or 1d", "got \"a month\"");
    }

    @Test
    void rejectsADurationGivenAsANumber() {
        files.assertRejected("{\n  \"limits\": {\"maxDuration\": 240},\n  \"mailboxes\": []\n}\n", 2,
                "limits.maxDuration", "expected a duration", "got 240");
    }

    @Test
    void rejectsABadSize() {
        files.assertRejected("{\n  \"limits\": {\n    \"maxBytes\": \"200 megabytes\"\n  },\n"
                + "  \"mailboxes\": []\n}\n", 3, "limits.maxBytes",
                "expected a size such as 200MB", "got \"200 megabytes\"");
    }

    @Test
    void rejectsASizeWithoutAUnit() {
        files.assertRejected("{\n  \"limits\": {\"maxMessageSize\": 26214400},\n  \"mailboxes\": []\n}\n",
                2, "limits.maxMessageSize", "expected a size", "got 26214400");
    }

    @Test
    void rejectsAnAttachmentSizeThatIsNotASize() {
        files.assertRejected("{\n  \"limits\": {\"maxAttachmentSize\": \"big\"},\n  \"mailboxes\": []\n}\n",
                2, "limits.maxAttachmentSize", "expected a size", "got \"big\"");
    }

    @Test
    void rejectsMaxMessagesOfZeroOrText() {
        files.assertRejected("{\n  \"limits\": {\"maxMessages\": 0},\n  \"mailboxes\": []\n}\n", 2,
                "limits.maxMessages", "expected a whole number of messages above zero, got 0");
        files.assertRejected("{\n  \"limits\": {\"maxMessages\": \"500\"},\n  \"mailboxes\": []\n}\n",
                2, "limits.maxMessages", "got \"500\"");
    }

    @Test
    void rejectsRelativeHomeInDataDir() {
        files.assertRejected("{\n  \"dataDir\": \"~/helpdesk\",\n  \"mailboxes\": []\n}\n", 2,
                "dataDir", "\"~\" is not expanded");
    }

    @Test
    void rejectsAMissingFileAndSuggestsInit() {
        Path missing = dir.resolve("nope.json");

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(ConfigFiles.ENV).load(missing));

        assertEquals(missing + ": no such config file; run `helpdesk init` to create one.",
                e.getMessage());
    }

    @Test
    void saysADirectoryCannotBeRead() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("config.json"));

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(ConfigFiles.ENV).load(directory));

        assertEquals(directory + ": the config file exists but cannot be read (it is a directory).",
                e.getMessage());
    }

    @Test
    void saysAnUnreadableFileCannotBeRead() throws IOException {
        Path file = files.write(ConfigFiles.mailboxWith(""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: permissions do not stop reading");

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(ConfigFiles.ENV).load(file));

        assertEquals(file + ": the config file exists but cannot be read (permission denied);"
                + " check its owner and mode.", e.getMessage());
    }

    @Test
    void saysAFileThatIsNotUtf8CannotBeRead() throws IOException {
        Path file = dir.resolve("config.json");
        Files.write(file, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(ConfigFiles.ENV).load(file));

        assertTrue(e.getMessage().contains("cannot be read: it is not valid UTF-8"), e.getMessage());
    }
}
