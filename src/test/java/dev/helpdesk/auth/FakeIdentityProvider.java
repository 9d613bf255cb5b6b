package dev.helpdesk.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Microsoft identity platform as msal4j sees it through its {@link IHttpClient} seam: instance
 * discovery, the device code endpoint (answering {@code authorization_pending} first) and the token
 * endpoint by {@code grant_type}: device code, {@code refresh_token} (rotating, and revoking the old
 * refresh token), {@code client_credentials} with a secret or a certificate, and {@code invalid_grant}
 * for a revoked refresh token. No socket anywhere.
 *
 * <p>Its state can live in a file so that a child JVM continues where the test left off, as the real
 * identity provider would. Every secret it mints starts with {@link #MINTED}, so tests can scan any
 * output for it.
 */
public final class FakeIdentityProvider implements IHttpClient {
    public static final String TENANT_GUID = "7d9a3c1e-5b2f-4e8a-9c6d-0f1e2a3b4c5d";
    public static final String USER_OID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    public static final String MINTED = "FAKEMINTED";
    public static final String USER_CODE = "FKCD-7Q2X";

    /** What the identity provider remembers; public fields so Jackson can store it between JVMs. */
    public static final class State {
        public int serial;
        public String username = "office@contoso.com";
        public long accessTokenSeconds = 3600;
        public boolean rotateRefreshTokens = true;
        public int pendingPolls = 1;
        public String latestAccessToken;
        public List<String> accessTokens = new ArrayList<>();
        public Set<String> liveRefreshTokens = new LinkedHashSet<>();
        public Set<String> revokedRefreshTokens = new LinkedHashSet<>();
        public Map<String, Integer> pendingDeviceCodes = new HashMap<>();
        public Map<String, String> clientSecrets = new HashMap<>();
        public Map<String, String> clientCertificates = new HashMap<>();
        public List<String> requests = new ArrayList<>();
        public List<String> transport = new ArrayList<>();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> file;
    private State state;
    private Consumer<String> onAccessToken = token -> { };
    private String justIssued;

    private FakeIdentityProvider(Optional<Path> file, State state) {
        this.file = file;
        this.state = state;
    }

    public static FakeIdentityProvider inMemory() {
        return new FakeIdentityProvider(Optional.empty(), new State());
    }

    /** State kept in {@code file}: loaded now if it exists, saved after every request. */
    public static FakeIdentityProvider persistentAt(Path file) {
        try {
            State state = Files.exists(file) ? JSON.readValue(file.toFile(), State.class) : new State();
            FakeIdentityProvider idp = new FakeIdentityProvider(Optional.of(file), state);
            idp.save();
            return idp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called with each access token it issues, e.g. to make it the GreenMail user's password. */
    public FakeIdentityProvider onAccessToken(Consumer<String> hook) {
        this.onAccessToken = hook;
        return this;
    }

    public synchronized FakeIdentityProvider acceptSecret(String clientId, String secret) {
        reload();
        state.clientSecrets.put(clientId, secret);
        save();
        return this;
    }

    /** Accepts client assertions from {@code clientId} signed by the key of this (base64 X.509) certificate. */
    public synchronized FakeIdentityProvider acceptCertificate(String clientId, String certificateBase64) {
        reload();
        state.clientCertificates.put(clientId, certificateBase64);
        save();
        return this;
    }

    /** The user who completes the next device sign-in. */
    public synchronized FakeIdentityProvider setUsername(String username) {
        reload();
        state.username = username;
        save();
        return this;
    }

    public synchronized FakeIdentityProvider rotateRefreshTokens(boolean on) {
        reload();
        state.rotateRefreshTokens = on;
        save();
        return this;
    }

    /** An admin revoked the user's sessions: every refresh token issued so far stops working. */
    public synchronized void revokeAllRefreshTokens() {
        reload();
        state.revokedRefreshTokens.addAll(state.liveRefreshTokens);
        state.liveRefreshTokens.clear();
        save();
    }

    public synchronized String latestAccessToken() {
        reload();
        return state.latestAccessToken;
    }

    public synchronized Set<String> liveRefreshTokens() {
        reload();
        return Set.copyOf(state.liveRefreshTokens);
    }

    public synchronized Set<String> revokedRefreshTokens() {
        reload();
        return Set.copyOf(state.revokedRefreshTokens);
    }

    /** Notes what the HTTP layer saw (e.g. the timeouts a connection was given), for tests to check. */
    public synchronized void noteTransport(String note) {
        reload();
        state.transport.add(note);
        save();
    }

    public synchronized List<String> transport() {
        reload();
        return List.copyOf(state.transport);
    }

    /** Every request so far as {@code "kind clientId"}, e.g. {@code "refresh_token 4a1a..."}. */
    public synchronized List<String> requests() {
        reload();
        return List.copyOf(state.requests);
    }

    /**
     * The requests to the devicecode and token endpoints, without instance discovery (msal4j asks for that
     * once per JVM and host, so whether a test sees it depends on which test ran first).
     */
    public synchronized List<String> tokenRequests() {
        return requests().stream().filter(r -> !r.startsWith("discovery ")).toList();
    }

    public synchronized long count(String kind) {
        return requests().stream().filter(r -> r.startsWith(kind + " ")).count();
    }

    /** Every secret this provider ever minted, for scanning output: access, refresh and device codes. */
    public synchronized Set<String> mintedSecrets() {
        reload();
        Set<String> all = new LinkedHashSet<>(state.accessTokens);
        all.addAll(state.liveRefreshTokens);
        all.addAll(state.revokedRefreshTokens);
        all.addAll(state.pendingDeviceCodes.keySet());
        all.addAll(state.clientSecrets.values());
        return all;
    }

    /** An HTTP answer, independent of msal4j's types so that a URL connection can carry it too. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {
    }

    @Override
    public IHttpResponse send(HttpRequest request) {
        Reply reply = handle(request.httpMethod().name(), request.url(), request.headers(), request.body());
        HttpResponse response = new HttpResponse().statusCode(reply.status()).body(reply.body());
        response.addHeaders(reply.headers());
        return response;
    }

    /** Answers one request; the access-token hook runs after the new state is saved. */
    public Reply handle(String method, java.net.URL url, Map<String, String> headers, String body) {
        Reply reply;
        String issued;
        synchronized (this) {
            reload();
            String path = url.getPath();
            Map<String, String> form = form(body);
            if (path.endsWith("/discovery/instance")) {
                reply = discovery(url.getHost());
            } else if (path.endsWith("/oauth2/v2.0/devicecode")) {
                reply = deviceCode(form);
            } else if (path.endsWith("/oauth2/v2.0/token")) {
                reply = token(form);
            } else {
                state.requests.add("unexpected " + method + " " + url);
                reply = error(404, "invalid_request", "AADSTS90000: no such endpoint in the fake");
            }
            save();
            issued = justIssued;
            justIssued = null;
        }
        if (issued != null) {
            onAccessToken.accept(issued);
        }
        Map<String, List<String>> replyHeaders = new LinkedHashMap<>(reply.headers());
        String requestId = headers == null ? null : headers.get("client-request-id");
        if (requestId != null) {
            replyHeaders.put("client-request-id", List.of(requestId));
        }
        return new Reply(reply.status(), reply.body(), replyHeaders);
    }

    /** The state another JVM left in {@code file}, read without writing. */
    public static State readState(Path file) {
        try {
            return JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply discovery(String host) {
        state.requests.add("discovery -");
        Map<String, Object> entry = Map.of("preferred_network", host, "preferred_cache", host,
                "aliases", List.of(host));
        return ok(Map.of("tenant_discovery_endpoint",
                "https://" + host + "/" + TENANT_GUID + "/v2.0/.well-known/openid-configuration",
                "api-version", "1.1", "metadata", List.of(entry)));
    }

    private Reply deviceCode(Map<String, String> form) {
        state.requests.add("devicecode " + form.get("client_id"));
        // msal4j 1.26 stores the device flow's future only after starting it, and its polling loop reads it:
        // an instant answer here loses that race (NullPointerException in msal4j). Microsoft never answers
        // within the nanoseconds the race lasts; half a second makes the fake as slow as a real network, with room
        // for a loaded machine (50 ms was the whole margin).
        pause(Duration.ofMillis(500));
        String deviceCode = mint("DC");
        state.pendingDeviceCodes.put(deviceCode, state.pendingPolls);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_code", USER_CODE);
        body.put("device_code", deviceCode);
        body.put("verification_uri", "https://microsoft.com/devicelogin");
        body.put("expires_in", 900);
        body.put("interval", 0);
        body.put("message", "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and"
                + " enter the code " + USER_CODE + " to authenticate.");
        return ok(body);
    }

    private Reply token(Map<String, String> form) {
        String grant = form.getOrDefault("grant_type", "");
        String clientId = form.get("client_id");
        switch (grant) {
            case "device_code", "urn:ietf:params:oauth:grant-type:device_code": {
                state.requests.add("device_code " + clientId);
                Integer pending = state.pendingDeviceCodes.get(form.get("device_code"));
                if (pending == null) {
                    return error(400, "expired_token", "AADSTS70020: The provided value for the input parameter"
                            + " 'device_code' is not valid.");
                }
                if (pending > 0) {
                    state.pendingDeviceCodes.put(form.get("device_code"), pending - 1);
                    return error(400, "authorization_pending", "AADSTS70016: OAuth 2.0 device flow error."
                            + " Authorization is pending. Continue polling.");
                }
                state.pendingDeviceCodes.remove(form.get("device_code"));
                return userTokens(clientId, form.get("scope"));
            }
            case "refresh_token": {
                state.requests.add("refresh_token " + clientId);
                String presented = form.get("refresh_token");
                if (!state.liveRefreshTokens.contains(presented)) {
                    return error(400, "invalid_grant", "AADSTS70008: The provided authorization code or refresh"
                            + " token has expired due to inactivity or was revoked.");
                }
                if (state.rotateRefreshTokens) {
                    state.liveRefreshTokens.remove(presented);
                    state.revokedRefreshTokens.add(presented);
                }
                return userTokens(clientId, form.get("scope"));
            }
            case "client_credentials": {
                state.requests.add("client_credentials " + clientId);
                if (!clientAuthenticated(clientId, form)) {
                    return error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("token_type", "Bearer");
                body.put("expires_in", state.accessTokenSeconds);
                body.put("ext_expires_in", state.accessTokenSeconds);
                body.put("access_token", accessToken());
                return ok(body);
            }
            default:
                state.requests.add("unsupported " + grant);
                return error(400, "unsupported_grant_type", "AADSTS70003: unsupported grant " + grant);
        }
    }

    private boolean clientAuthenticated(String clientId, Map<String, String> form) {
        String secret = state.clientSecrets.get(clientId);
        if (secret != null && secret.equals(form.get("client_secret"))) {
            return true;
        }
        String certificate = state.clientCertificates.get(clientId);
        String assertion = form.get("client_assertion");
        return certificate != null && assertion != null && signedBy(assertion, certificate, clientId);
    }

    /** An RS256 or PS256 JWT whose issuer is the client and whose signature the certificate's key verifies. */
    private static boolean signedBy(String jwt, String certificateBase64, String clientId) {
        try {
            String[] parts = jwt.split("\\.");
            var decoder = Base64.getUrlDecoder();
            @SuppressWarnings("unchecked")
            Map<String, Object> header = JSON.readValue(decoder.decode(parts[0]), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JSON.readValue(decoder.decode(parts[1]), Map.class);
            PublicKey key = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(certificateBase64)))
                    .getPublicKey();
            Signature signature;
            if ("PS256".equals(header.get("alg"))) {
                signature = Signature.getInstance("RSASSA-PSS");
                signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                signature = Signature.getInstance("SHA256withRSA");
            }
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(decoder.decode(parts[2])) && clientId.equals(claims.get("iss"));
        } catch (Exception e) {
            return false;
        }
    }

    private Reply userTokens(String clientId, String scope) {
        String refreshToken = mint("RT");
        state.liveRefreshTokens.add(refreshToken);
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", clientId);
        claims.put("iss", "https://login.microsoftonline.com/" + TENANT_GUID + "/v2.0");
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 3600);
        claims.put("name", "Office Support");
        claims.put("oid", USER_OID);
        claims.put("preferred_username", state.username);
        claims.put("sub", "fake-subject");
        claims.put("tid", TENANT_GUID);
        claims.put("ver", "2.0");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("scope", withoutReserved(scope));
        body.put("expires_in", state.accessTokenSeconds);
        body.put("ext_expires_in", state.accessTokenSeconds);
        body.put("access_token", accessToken());
        body.put("refresh_token", refreshToken);
        body.put("id_token", base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(write(claims)) + ".");
        body.put("client_info", base64Url("{\"uid\":\"" + USER_OID + "\",\"utid\":\"" + TENANT_GUID + "\"}"));
        return ok(body);
    }

    private String accessToken() {
        String token = mint("AT");
        state.latestAccessToken = token;
        state.accessTokens.add(token);
        justIssued = token;
        return token;
    }

    private String mint(String kind) {
        state.serial++;
        return MINTED + "-" + kind + "-" + state.serial + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String withoutReserved(String scope) {
        List<String> kept = new ArrayList<>();
        for (String s : (scope == null ? "" : scope).split(" ")) {
            if (!s.isBlank() && !Set.of("openid", "profile", "offline_access").contains(s)) {
                kept.add(s);
            }
        }
        return String.join(" ", kept);
    }

    private static void pause(Duration latency) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Reply ok(Map<String, ?> body) {
        return response(200, write(body));
    }

    private static Reply error(int status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description + "\r\nTrace ID: 00000000-0000-0000-0000-000000000000"
                + "\r\nCorrelation ID: 00000000-0000-0000-0000-000000000000\r\nTimestamp: 2026-01-01 00:00:00Z");
        body.put("error_codes", List.of(70000));
        body.put("trace_id", "00000000-0000-0000-0000-000000000000");
        body.put("correlation_id", "00000000-0000-0000-0000-000000000000");
        return response(status, write(body));
    }

    private static Reply response(int status, String body) {
        return new Reply(status, body, Map.of("Content-Type", List.of("application/json; charset=utf-8")));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reload() {
        if (file.isPresent() && Files.exists(file.get())) {
            try {
                state = JSON.readValue(file.get().toFile(), State.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        try {
            Path temp = file.get().resolveSibling(file.get().getFileName() + ".tmp");
            JSON.writeValue(temp.toFile(), state);
            Files.move(temp, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
