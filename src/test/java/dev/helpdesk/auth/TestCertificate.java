package dev.helpdesk.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** A fresh RSA key and self-signed certificate made with the JDK's keytool, written as the PEM an admin would have. */
record TestCertificate(Path pem, String certificateBase64, String privateKeyBase64) {
    private static final String PASS = "changeit";

    static TestCertificate create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve("app.p12");
            Process keytool = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=helpdesk-test",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", PASS, "-keypass", PASS)).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASS.toCharArray());
            }
            PrivateKey key = (PrivateKey) keys.getKey("app", PASS.toCharArray());
            X509Certificate certificate = (X509Certificate) keys.getCertificate("app");
            Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes());
            String keyText = mime.encodeToString(key.getEncoded());
            String text = "-----BEGIN PRIVATE KEY-----\n" + keyText + "\n-----END PRIVATE KEY-----\n"
                    + "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Path pem = dir.resolve("app.pem");
            Files.writeString(pem, text);
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
            return new TestCertificate(pem, Base64.getEncoder().encodeToString(certificate.getEncoded()),
                    Base64.getEncoder().encodeToString(key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
