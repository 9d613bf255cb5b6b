package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.Set;

/** Scans what the product printed or logged for any secret: every token and code the fake minted, the client secret. */
final class Secrets {
    private Secrets() {
    }

    static void assertNoneIn(OAuthRig rig, String... texts) {
        Set<String> secrets = new LinkedHashSet<>(rig.idp.mintedSecrets());
        secrets.add(rig.clientSecret);
        assertTrue(secrets.size() >= 2, "the scan knows the secrets it looks for: " + secrets.size());
        for (String text : texts) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a secret (" + secret.substring(0, 16) + "…) appears in:\n" + text);
            }
            // Anything the fake mints starts with this, including tokens of other tests' fakes.
            assertFalse(text.contains(FakeIdentityProvider.MINTED), "a minted secret appears in:\n" + text);
        }
    }
}
