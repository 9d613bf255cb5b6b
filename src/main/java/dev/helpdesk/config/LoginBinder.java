package dev.helpdesk.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads how a mailbox logs in: a password reference or an {@code oauth2} object, never both,
 * and never a secret written into the file itself.
 */
final class LoginBinder {

    /** Exactly one of the two is present. */
    record Login(Optional<SecretRef> password, Optional<OAuth2Config> oauth2) {}

    private static final List<String> SECRET_KEYS = List.of("env", "file");
    private static final List<String> OAUTH2_KEYS =
            List.of("flow", "tenant", "clientId", "clientSecret", "clientCertificate", "authority", "scopes");
    private static final String SECRET_SHAPE = "{\"env\": \"VAR\"} or {\"file\": \"/path\"}";
    private static final String FILE_EXPECTED = "a file path such as /etc/helpdesk/pw";

    private final Path file;

    LoginBinder(Path file) {
        this.file = file;
    }

    Login bind(Fields mailbox) {
        Optional<Node.Member> passwordKey = mailbox.member("password");
        Optional<Node.Member> oauth2Key = mailbox.member("oauth2");
        Optional<SecretRef> password = passwordKey.map(m -> secret(mailbox, m, "password"));
        Optional<OAuth2Config> oauth2 = oauth2Key.map(m -> oauth2(mailbox, m));
        if (passwordKey.isPresent() && oauth2Key.isPresent()) {
            // Point at whichever was written second: that is the one that contradicts.
            Node.Member later = passwordKey.get().line() > oauth2Key.get().line()
                    ? passwordKey.get() : oauth2Key.get();
            throw mailbox.fail(later, MailboxConfig.BOTH_LOGINS);
        }
        if (password.isEmpty() && oauth2.isEmpty()) {
            throw mailbox.fail(mailbox.line(), mailbox.path(), MailboxConfig.NO_LOGIN
                    + "; add \"password\": " + SECRET_SHAPE + " or an \"oauth2\" object");
        }
        return new Login(password, oauth2);
    }

    private OAuth2Config oauth2(Fields mailbox, Node.Member member) {
        Fields o = Fields.object(file, member.value(), mailbox.path(member.key()),
                "an object such as {\"flow\": \"device\", \"tenant\": ..., \"clientId\": ...}",
                OAUTH2_KEYS);
        OAuth2Config.Flow flow = o.required("flow", OAuth2Config.Flow.EXPECTED,
                Values.string(OAuth2Config.Flow.EXPECTED, LoginBinder::flow));
        String tenant = o.required("tenant", "the Microsoft 365 tenant such as contoso.onmicrosoft.com",
                Values.string("a tenant such as contoso.onmicrosoft.com", OAuth2Config::checkTenant));
        String clientId = o.required("clientId", "the application (client) ID of the app registration",
                Values.string("the application (client) ID, a GUID", OAuth2Config::checkClientId));
        Optional<SecretRef> clientSecret =
                o.member("clientSecret").map(m -> secret(o, m, "client secret"));
        Optional<Node.Member> certificateKey = o.member("clientCertificate");
        Optional<SecretRef> clientCertificate =
                certificateKey.map(m -> secret(o, m, "client certificate"));
        Optional<String> authority = o.optional("authority",
                Values.string("an https:// URL", OAuth2Config::checkAuthority));
        List<String> scopes = o.member("scopes").map(m -> scopes(o, m, flow)).orElse(List.of());
        if (flow == OAuth2Config.Flow.CLIENT_CREDENTIALS && clientSecret.isEmpty()
                && clientCertificate.isEmpty()) {
            throw o.fail(o.line(), o.path("clientSecret"), OAuth2Config.missingSecret());
        }
        certificateKey.ifPresent(m -> o.at(m.line(), o.path(m.key()), () -> {
            OAuth2Config.checkAppCredential(flow, clientSecret.isPresent(), true);
            return m;
        }));
        return o.at(o.line(), o.path(), () -> new OAuth2Config(flow, tenant, clientId, clientSecret,
                authority, clientCertificate, scopes));
    }

    private static List<String> scopes(Fields o, Node.Member member, OAuth2Config.Flow flow) {
        List<String> scopes = o.list(member, "a list of scopes such as"
                + " [\"https://outlook.office.com/IMAP.AccessAsUser.All\", \"offline_access\"]",
                Values.string("a scope such as https://outlook.office.com/IMAP.AccessAsUser.All",
                        OAuth2Config::checkScope));
        return o.at(member.value().line(), o.path(member.key()), () -> {
            if (scopes.isEmpty()) {
                throw new IllegalArgumentException("expected at least one scope, got an empty list;"
                        + " leave \"scopes\" out for the default");
            }
            OAuth2Config.checkScopes(flow, scopes);
            return scopes;
        });
    }

    private static OAuth2Config.Flow flow(String text) {
        return OAuth2Config.Flow.fromJson(text).orElseThrow(() -> new IllegalArgumentException(
                "expected " + OAuth2Config.Flow.EXPECTED + ", got " + Values.quote(text)));
    }

    /** No message from here quotes a value: whatever sits where a secret goes may be one. */
    SecretRef secret(Fields parent, Node.Member member, String what) {
        Node node = member.value();
        String path = parent.path(member.key());
        if (node instanceof Node.Value v && v.kind() == Node.Value.Kind.STRING) {
            throw parent.fail(node.line(), path, "an inline " + what + " is not allowed, since config"
                    + " files get copied, backed up and shown around; use " + SECRET_SHAPE
                    + " to say where it is kept");
        }
        Fields ref = Fields.object(file, node, path, SECRET_SHAPE, SECRET_KEYS);
        Optional<Node.Member> env = ref.member("env");
        Optional<Node.Member> fileKey = ref.member("file");
        if (env.isPresent() == fileKey.isPresent()) {
            throw ref.fail(ref.line(), path, "expected exactly one of \"env\" or \"file\", got "
                    + (env.isPresent() ? "both" : "neither"));
        }
        if (env.isPresent()) {
            return ref.get(env.get(), secretText(SecretRef.Env.EXPECTED, SecretRef.Env::new));
        }
        return ref.get(fileKey.get(), secretText(FILE_EXPECTED,
                text -> new SecretRef.File(Values.localPath(file, text, FILE_EXPECTED, false))));
    }

    private static Function<Node, SecretRef> secretText(
            String expected, Function<String, SecretRef> parse) {
        return node -> {
            if (node instanceof Node.Value v && v.kind() == Node.Value.Kind.STRING) {
                return parse.apply(v.text());
            }
            throw new IllegalArgumentException("expected " + expected + ", got " + Values.kind(node));
        };
    }
}
