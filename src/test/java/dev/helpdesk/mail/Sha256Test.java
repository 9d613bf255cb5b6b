package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Security;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    private static final Random RANDOM = new Random(20261201);

    @Test
    void nssIsFoundAndUsedWhereTheSystemHasIt() {
        assumeTrue(Sha256.systemHasNss(), "this system has no NSS (Debian: libnss3)");
        Optional<Path> used = Sha256.installNative(Sha256.NSS_DIRECTORIES);
        assertTrue(used.isPresent() || Security.getProvider(Sha256.NATIVE) != null, "NSS was found but not loaded");
        assertNotNull(Security.getProvider(Sha256.NATIVE));
        assertEquals(Security.getProviders()[Security.getProviders().length - 1].getName(), Sha256.NATIVE,
                "the native provider comes last, so nothing but helpdesk's hashes picks it");
        assertEquals(List.of("SHA-256"), Security.getProvider(Sha256.NATIVE).getServices().stream()
                .filter(s -> s.getType().equals("MessageDigest")).map(s -> s.getAlgorithm()).toList());
    }

    @Test
    void piecesOfAnySizeHashAsTheJdkHashesTheWhole() throws Exception {
        Sha256.installNative(Sha256.NSS_DIRECTORIES);
        for (int round = 0; round < 300; round++) {
            byte[] bytes = new byte[RANDOM.nextInt(round % 10 == 0 ? 200_000 : 20_000)];
            RANDOM.nextBytes(bytes);
            Sha256 pieces = new Sha256();
            for (int at = 0; at < bytes.length; ) {
                int length = Math.min(bytes.length - at, piece());
                if (length == 1 && RANDOM.nextBoolean()) {
                    pieces.update(bytes[at]);
                } else {
                    pieces.update(bytes, at, length);
                }
                at += length;
            }
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256", "SUN").digest(bytes));
            assertEquals(expected, pieces.hex(), bytes.length + " bytes");
        }
    }

    @Test
    void aDirectoryWithoutAWorkingNssLeavesTheJdksDigest(@TempDir Path dir) throws Exception {
        assertTrue(Sha256.nss(dir).isEmpty(), "no library at all");
        Files.write(dir.resolve("libsoftokn3.so"), "not a library".getBytes());
        Files.write(dir.resolve("libnss3.so"), "not a library".getBytes());
        assertTrue(Sha256.nss(dir).isEmpty(), "a file that is no library");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                new Sha256().update(new byte[] {'a', 'b', 'c'}, 0, 3).hex());
    }

    /** Mostly small pieces (a header byte, a body line), sometimes a block bigger than the gathering one. */
    private static int piece() {
        return switch (RANDOM.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + RANDOM.nextInt(100);
            case 2 -> 1 + RANDOM.nextInt(9_000);
            default -> 1 + RANDOM.nextInt(70_000);
        };
    }
}
