package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigException;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.config.OAuth2Config;
import dev.helpdesk.config.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oauth2 block's additions for this issue: a certificate instead of a secret, and scopes for other clouds. */
class OAuth2ConfigTest {
    private static final String CLIENT_ID = "4a1aa1d5-c567-49d0-ad0b-cd957a47f842";

    @TempDir
    Path dir;

    @Test
    void theDesignExampleShapeGetsTheDefaultScopes() throws IOException {
        OAuth2Config device = load("\"flow\": \"device\", \"tenant\": \"contoso.onmicrosoft.com\"");
        assertEquals(List.of("https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"),
                device.effectiveScopes());
        assertEquals("https://login.microsoftonline.com/contoso.onmicrosoft.com/", MsalApps.loginAuthority(device));

        OAuth2Config app = load("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"OFFICE_CLIENT_SECRET\"}");
        assertEquals(List.of("https://outlook.office365.com/.default"), app.effectiveScopes());
    }

    @Test
    void aCertificateCanReplaceTheSecretForAppOnlyMailboxes() throws IOException {
        OAuth2Config app = load("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientCertificate\": {\"file\": \"/etc/helpdesk/app.pem\"}");
        assertEquals(Optional.of(new SecretRef.File(Path.of("/etc/helpdesk/app.pem"))), app.clientCertificate());
        assertEquals(Optional.empty(), app.clientSecret());
    }

    @Test
    void otherCloudsNameTheirAuthorityAndScopes() throws IOException {
        OAuth2Config gov = load("\"flow\": \"device\", \"tenant\": \"contoso.onmicrosoft.us\","
                + " \"authority\": \"https://login.microsoftonline.us/\","
                + " \"scopes\": [\"https://outlook.office365.us/IMAP.AccessAsUser.All\", \"offline_access\"]");
        assertEquals("https://login.microsoftonline.us/contoso.onmicrosoft.us/", MsalApps.loginAuthority(gov));
        assertEquals("https://login.microsoftonline.us/" + FakeIdentityProvider.TENANT_GUID + "/",
                MsalApps.silentAuthority(gov, FakeIdentityProvider.TENANT_GUID));
        assertEquals(java.util.Set.of("https://outlook.office365.us/IMAP.AccessAsUser.All"), MsalApps.resourceScopes(gov));
    }

    @Test
    void bothSecretAndCertificateAreRefusedAtTheCertificatesLine() {
        String message = rejected("""
                "flow": "client-credentials", "tenant": "contoso.onmicrosoft.com",
                          "clientSecret": {"env": "OFFICE_CLIENT_SECRET"},
                          "clientCertificate": {"file": "/etc/helpdesk/app.pem"}""");
        assertTrue(message.contains(" line 7: mailboxes[0].oauth2.clientCertificate: \"clientSecret\" and"
                + " \"clientCertificate\" exclude each other; keep one."), message);
    }

    @Test
    void aCertificateOnTheDeviceFlowIsRefused() {
        String message = rejected("""
                "flow": "device", "tenant": "contoso.onmicrosoft.com",
                          "clientCertificate": {"file": "/etc/helpdesk/app.pem"}""");
        assertTrue(message.contains(" line 6: mailboxes[0].oauth2.clientCertificate: \"clientCertificate\" is only"
                + " for flow \"client-credentials\""), message);
    }

    @Test
    void appOnlyWithoutAnyCredentialNamesBothWays() {
        String message = rejected("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\"");
        assertTrue(message.contains("mailboxes[0].oauth2.clientSecret: flow \"client-credentials\" needs a client"
                + " secret"), message);
        assertTrue(message.contains("\"clientCertificate\": {\"file\": \"/path/app.pem\"}"), message);
    }

    @Test
    void appOnlyScopesMustBeOneDotDefault() {
        String message = rejected("""
                "flow": "client-credentials", "tenant": "contoso.onmicrosoft.com",
                          "clientSecret": {"env": "OFFICE_CLIENT_SECRET"},
                          "scopes": ["https://outlook.office.com/IMAP.AccessAsUser.All"]""");
        assertTrue(message.contains(" line 7: mailboxes[0].oauth2.scopes: flow \"client-credentials\" takes exactly"
                + " one scope ending in /.default"), message);
    }

    @Test
    void emptyOrSpacedScopesAreRefused() {
        assertTrue(rejected("\"flow\": \"device\", \"tenant\": \"contoso.onmicrosoft.com\", \"scopes\": []")
                .contains("mailboxes[0].oauth2.scopes: expected at least one scope"));
        assertTrue(rejected("\"flow\": \"device\", \"tenant\": \"contoso.onmicrosoft.com\", \"scopes\": [\"a b\"]")
                .contains("mailboxes[0].oauth2.scopes[0]: expected a scope"));
    }

    @Test
    void anInlineCertificateIsRefusedWithoutEchoingIt() {
        String message = rejected("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientCertificate\": \"-----BEGIN PRIVATE KEY-----MIIE\"");
        assertTrue(message.contains("an inline client certificate is not allowed"), message);
        assertFalse(message.contains("MIIE"), message);
    }

    @Test
    void pemWithoutCertificateOrWithAPkcs1KeyIsExplained() {
        SecretRef source = new SecretRef.File(Path.of("/etc/helpdesk/app.pem"));
        TestCertificate real = TestCertificate.create(dir.resolve("cert"));
        String keyOnly = "-----BEGIN PRIVATE KEY-----\n" + real.privateKeyBase64() + "\n-----END PRIVATE KEY-----\n";
        CredentialException noCertificate = assertThrows(CredentialException.class,
                () -> PemCertificate.parse("office", source, keyOnly));
        assertEquals("mailbox office: the client certificate in the file /etc/helpdesk/app.pem needs a \"PRIVATE KEY\""
                + " block and a \"CERTIFICATE\" block; it has no certificate.", noCertificate.getMessage());
        assertFalse(noCertificate.getMessage().contains(real.privateKeyBase64().substring(0, 20)));

        CredentialException pkcs1 = assertThrows(CredentialException.class, () -> PemCertificate.parse("office", source,
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"));
        assertTrue(pkcs1.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), pkcs1.getMessage());
    }

    private OAuth2Config load(String members) throws IOException {
        Config config = new ConfigLoader(Map.of()).load(write(members));
        return config.mailboxes().get(0).oauth2().orElseThrow();
    }

    private String rejected(String members) {
        Path file = write(members);
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertTrue(e.getMessage().startsWith(file + " line "), e.getMessage());
        return e.getMessage();
    }

    private Path write(String members) {
        try {
            Path file = dir.resolve("config.json");
            Files.writeString(file, """
                    {
                      "dataDir": "/var/lib/helpdesk",
                      "mailboxes": [
                        { "name": "office", "host": "outlook.office365.com", "username": "office@contoso.com",
                          "oauth2": { %s,
                                      "clientId": "%s" } }
                      ]
                    }
                    """.formatted(members, CLIENT_ID));
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
