package dev.helpdesk.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads where the store lives ({@code "store": {"postgres": {...}}}, SQLite in dataDir when absent) and the key
 * that encrypts token caches kept in a shared database ({@code "tokenKey": {"file": "..."}}).
 */
final class StoreBinder {
    private static final List<String> STORE_KEYS = List.of("postgres");
    private static final List<String> POSTGRES_KEYS = List.of("url", "user", "password", "sslmode", "sslrootcert");
    private static final List<String> KEY_FILE_KEYS = List.of("file");
    private static final String KEY_FILE_EXPECTED = "a file path such as /etc/helpdesk/token.key";

    private final Path file;
    private final LoginBinder secrets;

    StoreBinder(Path file) {
        this.file = file;
        this.secrets = new LoginBinder(file);
    }

    Optional<PostgresConfig> postgres(Fields top) {
        return top.member("store").map(member -> {
            Fields store = Fields.object(file, member.value(), top.path(member.key()),
                    "an object such as {\"postgres\": {\"url\": ..., \"user\": ..., \"password\": ...}}", STORE_KEYS);
            Node.Member postgres = store.member("postgres").orElseThrow(() -> store.fail(store.line(), store.path(),
                    "expected {\"postgres\": {...}}; leave \"store\" out to keep the SQLite database in dataDir"));
            return postgres(store, postgres);
        });
    }

    private PostgresConfig postgres(Fields store, Node.Member member) {
        Fields p = Fields.object(file, member.value(), store.path(member.key()),
                "an object such as {\"url\": \"jdbc:postgresql://db:5432/helpdesk\", \"user\": \"helpdesk\","
                        + " \"password\": {\"env\": \"HELPDESK_DB_PASSWORD\"}}", POSTGRES_KEYS);
        String url = p.required("url", PostgresConfig.URL_EXPECTED,
                Values.string(PostgresConfig.URL_EXPECTED, PostgresConfig::checkUrl));
        String user = p.required("user", "the database role helpdesk logs in as", Values.string(
                "the name of a database role such as helpdesk", StoreBinder::nonBlank));
        Node.Member passwordKey = p.member("password").orElseThrow(() -> p.fail(p.line(), p.path("password"),
                "required key is missing; expected {\"env\": \"VAR\"} or {\"file\": \"/path\"} with the role's"
                        + " password"));
        SecretRef password = secrets.secret(p, passwordKey, "password");
        Optional<String> sslMode = p.optional("sslmode",
                Values.string("one of " + String.join(", ", PostgresConfig.SSL_MODES), PostgresConfig::checkSslMode));
        Optional<Path> rootCert = p.optional("sslrootcert", Values.string("a file path such as"
                + " /etc/helpdesk/db-ca.crt", text -> Values.localPath(file, text, "a certificate file path", true)));
        return new PostgresConfig(url, user, password, sslMode, rootCert);
    }

    Optional<Path> tokenKey(Fields top) {
        return top.member("tokenKey").map(member -> {
            Fields key = Fields.object(file, member.value(), top.path(member.key()),
                    "{\"file\": \"/etc/helpdesk/token.key\"}", KEY_FILE_KEYS);
            return key.required("file", KEY_FILE_EXPECTED,
                    Values.string(KEY_FILE_EXPECTED, text -> Values.localPath(file, text, KEY_FILE_EXPECTED, true)));
        });
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected the name of a database role such as helpdesk, got \"\"");
        }
        return text;
    }
}
