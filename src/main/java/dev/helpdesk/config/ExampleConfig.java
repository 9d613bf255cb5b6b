package dev.helpdesk.config;

/** The commented example config that {@code helpdesk init} writes, every option explained. */
public final class ExampleConfig {

    private ExampleConfig() {}

    /** JSON with comments that loads as it is (tested); the OAuth mailbox is commented out. */
    public static String text() {
        return """
                // helpdesk configuration: JSON with // and /* */ comments; trailing commas are fine.
                // Unknown keys are rejected, so a misspelt option is reported instead of ignored.
                // Durations are a whole number and one unit: 90s, 10m, 2h, 1d.
                // Sizes are a whole number and a unit B, KB, MB or GB, counted in powers of 1024.
                {
                    // Database, OAuth token caches and attachments. Optional; the default is
                    // $XDG_DATA_HOME/helpdesk (~/.local/share/helpdesk). A relative path is taken from
                    // the directory this file is in.
                    // "dataDir": "/var/lib/helpdesk",

                    // How long a run's lock on a mailbox lasts without being renewed. A run renews it
                    // at every commit; a crashed run's lock is free again after this. Optional, 10m.
                    "lockTtl": "10m",

                    // How long the run history (`helpdesk runs`) is kept; older runs are pruned at the end
                    // of each fetch. The newest run, success and error of each mailbox are always kept, so
                    // `helpdesk status` and `helpdesk check` still know them. Optional, 30d.
                    "runRetention": "30d",

                    // What one run may take from one mailbox, so it ends before cron starts the next;
                    // the rest waits for the next run. Every key optional; these are the defaults.
                    "limits": {
                        "maxMessages": 500,         // messages per run
                        "maxBytes": "200MB",        // bytes of messages per run
                        "maxDuration": "4m",        // time per run
                        "maxMessageSize": "25MB",   // a larger message is recorded and left on the server
                        "maxAttachmentSize": "20MB", // a larger attachment keeps its name and size, not its bytes
                        "maxRunDuration": "4m"      // the whole run: no mailbox is started after it
                    },

                    // Several hosts, one helpdesk: every host runs the same config against one PostgreSQL
                    // database instead of the SQLite file in dataDir, and they share the mailboxes. The
                    // password is never written here; sslmode verify-full checks the server's certificate.
                    // OAuth token caches then live in the database, encrypted with tokenKey: 32 random bytes
                    // in base64, mode 0600, the same file on every host. README.md, "Running on several hosts".
                    // "store": {
                    //     "postgres": {
                    //         "url": "jdbc:postgresql://db.example.com:5432/helpdesk",
                    //         "user": "helpdesk",
                    //         "password": { "env": "HELPDESK_DB_PASSWORD" },
                    //         "sslmode": "verify-full",
                    //         "sslrootcert": "/etc/helpdesk/db-ca.crt"
                    //     }
                    // },
                    // "tokenKey": { "file": "/etc/helpdesk/token.key" },

                    "mailboxes": [
                        {
                            // Lower case letters, digits, ".", "_" and "-"; names the lock and token files.
                            "name": "support",
                            // Our own addresses: mail from them is never treated as a customer's (loop guard).
                            "addresses": ["support@example.com"],
                            "host": "imap.example.com",
                            "port": 993,                // optional: 993 for ssl, 143 for starttls and none
                            "security": "ssl",          // ssl | starttls | none (none: localhost only)
                            "username": "support@example.com",
                            // Never the password itself: {"env": "VARIABLE"} or {"file": "/path/to/file"}.
                            "password": { "env": "SUPPORT_IMAP_PASSWORD" },
                            "folders": ["INBOX"],       // optional, default ["INBOX"]
                            // After a message is safely stored: mark-seen | move:FOLDER | delete | none.
                            // Optional, default mark-seen. A move target must not be one of "folders".
                            "afterFetch": "mark-seen",
                            "connectTimeout": "30s",    // optional, default 30s
                            "readTimeout": "120s"       // optional, default 120s
                        },

                        // A Microsoft 365 mailbox logs in with OAuth instead of a password; to use one,
                        // delete the comment marks in front of the lines below. The flow is "device" (a
                        // person logs in once with `helpdesk auth login --mailbox office`) or the app-only
                        // "client-credentials", which needs a clientSecret (or instead a clientCertificate:
                        // a PEM file with the private key and the certificate). The tenant is the directory,
                        // the clientId the app registration's ID; the authority (and scopes) only for other
                        // clouds. README.md, "Microsoft 365", walks through the app registration.
                        // {
                        //   "name": "office",
                        //   "host": "outlook.office365.com",
                        //   "username": "office@contoso.com",
                        //   "oauth2": {
                        //     "flow": "client-credentials",
                        //     "tenant": "contoso.onmicrosoft.com",
                        //     "clientId": "4a1aa1d5-c567-49d0-ad0b-cd957a47f842",
                        //     "clientSecret": { "file": "/etc/helpdesk/office-client-secret" },
                        //     "authority": "https://login.microsoftonline.com/contoso.onmicrosoft.com/"
                        //   }
                        // }
                    ]
                }
                """;
    }
}
