package dev.helpdesk.auth;

import dev.helpdesk.config.SecretRef;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app registration's certificate credential from PEM text: an unencrypted PKCS#8 RSA private key and
 * its certificate (then any chain), the layout {@code az ad app credential reset --create-cert} and
 * {@code openssl req -x509 -newkey rsa:2048 -nodes} produce. Messages never quote the text.
 */
record PemCertificate(PrivateKey key, List<X509Certificate> chain) {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    PemCertificate {
        chain = List.copyOf(chain);
    }

    static PemCertificate parse(String mailbox, SecretRef source, String pem) {
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        try {
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                switch (block.group(1)) {
                    case "PRIVATE KEY" -> key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
                    case "CERTIFICATE" -> chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)));
                    case "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw problem(mailbox, source, "holds an "
                            + (block.group(1).startsWith("ENCRYPTED") ? "encrypted" : "PKCS#1") + " private key;"
                            + " convert it with `openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem` and add"
                            + " the certificate after it");
                    default -> {
                        // other blocks (parameters, a CSR) are not ours to judge
                    }
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw problem(mailbox, source, "could not be read as an RSA key and X.509 certificate ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (key == null || chain.isEmpty()) {
            throw problem(mailbox, source, "needs a \"PRIVATE KEY\" block and a \"CERTIFICATE\" block; it has "
                    + (key == null ? "no private key" : "no certificate"));
        }
        return new PemCertificate(key, chain);
    }

    private static CredentialException problem(String mailbox, SecretRef source, String what) {
        return new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox
                + ": the client certificate in the " + source.describe() + " " + what + ".");
    }

    @Override
    public String toString() {
        return "PemCertificate[key ***, " + chain.size() + " certificates]";
    }
}
