package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.mail.MessageIdentity;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.MessageTable.StoredAttachment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/**
 * Mail nobody on the team wrote: the mime4j and MIME-tools test messages (apache-mime4j-core's tests jar, with
 * mime4j's own parse results), Python's email test data and the Go parser enmime's test mail (both Debian
 * packages, fetched by scripts/corpora). Every message with a header section must become a stored message
 * (or a true copy of one); only input without any header field may be quarantined; and no body mime4j found
 * may be missing from what was stored.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class PublicCorpusTest {
    @Parameter
    StoreEngine engine;

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Pattern FIELD = Pattern.compile("^[!-9;-~]+[ \\t]*:");

    @TempDir
    static Path dataDir;

    private static CorpusRig rig;
    private static final Map<Sample, Ingest.Result> results = new LinkedHashMap<>();

    /** One corpus message: which corpus, its name there, its bytes. */
    record Sample(String corpus, String name, byte[] raw) {
        @Override
        public String toString() {
            return corpus + "/" + name;
        }
    }

    @BeforeParameterizedClassInvocation
    static void ingestEveryCorpus(StoreEngine engine) throws Exception {
        results.clear();
        rig = new CorpusRig(dataDir.resolve("data-" + engine), engine);
        long uid = 0;
        for (Sample sample : samples()) {
            results.put(sample, rig.store(++uid, sample.raw(), NOW));
        }
    }

    @AfterParameterizedClassInvocation
    static void close() {
        rig.close();
    }

    @Test
    void everyMessageWithAHeaderSectionIsStoredAndOnlyInputWithoutOneIsQuarantined() throws IOException {
        Map<String, Map<Outcome, Integer>> counts = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Sample, Ingest.Result> e : results.entrySet()) {
            Sample sample = e.getKey();
            Outcome outcome = e.getValue().outcome();
            counts.computeIfAbsent(sample.corpus(), c -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            boolean mail = hasHeaderSection(sample.raw());
            if (mail && outcome == Outcome.QUARANTINED || !mail && outcome != Outcome.QUARANTINED) {
                wrong.add(sample + " has " + (mail ? "a" : "no") + " header section but was " + outcome + ": "
                        + e.getValue().error().orElse(""));
            }
        }
        System.out.println("PublicCorpusTest: " + results.size() + " messages: " + counts);
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
        assertTrue(results.size() >= 200, "corpus size " + results.size());
    }

    @Test
    void aDuplicateIsOnlyEverATrueCopy() throws IOException {
        Map<Long, Sample> storedAs = new HashMap<>();
        results.forEach((sample, result) -> {
            if (result.outcome() == Outcome.STORED) {
                storedAs.put(result.ref(), sample);
            }
        });
        for (Map.Entry<Sample, Ingest.Result> e : results.entrySet()) {
            if (e.getValue().outcome() != Outcome.DUPLICATE) {
                continue;
            }
            Sample copy = e.getKey();
            Sample original = storedAs.get(e.getValue().ref());
            assertTrue(java.util.Arrays.equals(copy.raw(), original.raw())
                    || contentHash(copy.raw()).equals(contentHash(original.raw())),
                    () -> copy + " was taken for a copy of " + original + " but its content differs");
        }
    }

    /** mime4j's own results as the oracle: every body it found outside alternatives and attached messages is kept. */
    @Test
    void noBodyThatMime4jFindsIsLost() throws IOException {
        List<String> lost = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<Sample, Ingest.Result> e : results.entrySet()) {
            Sample sample = e.getKey();
            if (!sample.corpus().startsWith("mime4j") || e.getValue().outcome() != Outcome.STORED) {
                continue;
            }
            String folder = sample.corpus().equals("mime4j") ? "testmsgs/" : "mimetools-testmsgs/";
            String base = sample.name().replaceAll("\\.msg$", "");
            byte[] layout = resource(folder + base + "_decoded.xml");
            if (layout == null) {
                continue;
            }
            String haystack = haystack(e.getValue().ref());
            for (String body : keptBodies(new String(layout, StandardCharsets.ISO_8859_1))) {
                byte[] bytes = resource(folder + body);
                String needle = bytes == null ? "" : skeleton(firstLine(bytes), 40);
                if (needle.length() < 4) {
                    continue;
                }
                checked++;
                if (!haystack.contains(needle)) {
                    lost.add(sample + ": body " + body + " (\"" + needle + "\") is not among what was stored");
                }
            }
        }
        System.out.println("PublicCorpusTest: " + checked + " bodies mime4j found were checked");
        assertTrue(checked >= 40, "bodies checked: " + checked);
        assertTrue(lost.isEmpty(), () -> String.join("\n", lost));
    }

    private static String haystack(long messageId) {
        CorpusRig.Row row = rig.message(messageId);
        StringBuilder all = new StringBuilder(row.text().orElse("")).append(row.html().orElse(""));
        for (StoredAttachment a : rig.attachments(messageId)) {
            a.sha256().flatMap(rig::blob).ifPresent(b -> all.append(new String(b, StandardCharsets.ISO_8859_1)));
        }
        return skeleton(all.toString(), Integer.MAX_VALUE);
    }

    /** The bodies in a mime4j _decoded.xml, minus those inside an alternative or an attached message. */
    static List<String> keptBodies(String xml) {
        Matcher token = Pattern.compile("<(/?)(message|multipart|body-part)>|<field>\\s*Content-Type:([^<]*)</field>"
                + "|<(?:text|binary)-body name=\"([^\"]+)\"/>", Pattern.CASE_INSENSITIVE).matcher(xml);
        List<String[]> stack = new ArrayList<>(); // {element, content type}
        List<String> bodies = new ArrayList<>();
        while (token.find()) {
            if (token.group(2) != null) {
                if (token.group(1).isEmpty()) {
                    String type = token.group(2).equalsIgnoreCase("multipart") && !stack.isEmpty()
                            ? stack.get(stack.size() - 1)[1] : "";
                    stack.add(new String[] {token.group(2).toLowerCase(java.util.Locale.ROOT), type});
                } else if (!stack.isEmpty()) {
                    stack.remove(stack.size() - 1);
                }
            } else if (token.group(3) != null && !stack.isEmpty()) {
                stack.get(stack.size() - 1)[1] = token.group(3).toLowerCase(java.util.Locale.ROOT);
            } else if (token.group(4) != null) {
                long messages = stack.stream().filter(f -> f[0].equals("message")).count();
                String parent = "";
                for (int i = stack.size() - 1; i >= 0; i--) {
                    if (stack.get(i)[0].equals("multipart")) {
                        parent = stack.get(i)[1];
                        break;
                    }
                }
                if (messages <= 1 && !parent.contains("alternative")) {
                    bodies.add(token.group(4));
                }
            }
        }
        return bodies;
    }

    private static String firstLine(byte[] bytes) {
        for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return "";
    }

    private static String skeleton(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The definition, written independently of the parser: a "Name: value" line before the first empty line. */
    static boolean hasHeaderSection(byte[] raw) {
        for (String line : new String(raw, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isEmpty()) {
                return false;
            }
            if (FIELD.matcher(l).find()) {
                return true;
            }
        }
        return false;
    }

    private static String contentHash(byte[] raw) {
        try {
            return MessageIdentity.contentSha256(new ByteArrayInputStream(raw));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Sample> samples() throws Exception {
        List<Sample> samples = new ArrayList<>();
        samples.addAll(fromJar("testmsgs/", "mime4j"));
        samples.addAll(fromJar("mimetools-testmsgs/", "mime4j-mimetools"));
        Path corpora = Path.of("target", "corpora");
        Process fetch = new ProcessBuilder("bash", "scripts/corpora", corpora.toString()).inheritIO().start();
        assertEquals(0, fetch.waitFor(), "scripts/corpora could not fetch the Debian corpora (see its output)");
        samples.addAll(fromDirectory(corpora.resolve("python-email"), "python-email"));
        samples.addAll(fromDirectory(corpora.resolve("enmime"), "enmime"));
        return samples;
    }

    private static List<Sample> fromDirectory(Path dir, String corpus) throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                samples.add(new Sample(corpus, file.getFileName().toString(), Files.readAllBytes(file)));
            }
        }
        return samples;
    }

    private static List<Sample> fromJar(String folder, String corpus) throws IOException {
        URL url = PublicCorpusTest.class.getClassLoader().getResource(folder);
        assertTrue(url != null && url.getProtocol().equals("jar"), folder + " from apache-mime4j-core's tests jar");
        List<Sample> samples = new ArrayList<>();
        try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
            List<String> names = new ArrayList<>();
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(folder) && name.endsWith(".msg")) {
                    names.add(name);
                }
            }
            names.sort(null);
            for (String name : names) {
                try (InputStream in = jar.getInputStream(jar.getJarEntry(name))) {
                    samples.add(new Sample(corpus, name.substring(folder.length()), in.readAllBytes()));
                }
            }
        }
        return samples;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PublicCorpusTest.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
