package dev.helpdesk.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an msal4j serialized token cache holds, read as plain JSON: the accounts with the realm msal4j keys
 * their tokens by, the access tokens' times, and whether refresh tokens exist. For {@code auth status}, which
 * must not touch the network, and for choosing the silent call's authority.
 */
record CacheContents(List<Account> accounts, List<AccessToken> accessTokens, List<RefreshToken> refreshTokens) {

    /** A signed-in user. {@code realm} is the tenant exactly as msal4j stored it; silent calls must name it. */
    record Account(String homeAccountId, String environment, String realm, String username) {
        /** The directory's GUID (the "utid" half of the home account id). */
        String tenantId() {
            int dot = homeAccountId.indexOf('.');
            return dot < 0 ? realm : homeAccountId.substring(dot + 1);
        }
    }

    /** An access token's key fields; {@code toString} leaves the token out. */
    record AccessToken(String homeAccountId, String clientId, String realm, String target, Instant cachedAt,
            Instant expiresOn, String secret) {
        boolean covers(List<String> scopes) {
            List<String> granted = List.of(target.toLowerCase(Locale.ROOT).split(" "));
            return scopes.stream().map(s -> s.toLowerCase(Locale.ROOT)).allMatch(granted::contains);
        }

        @Override
        public String toString() {
            return "AccessToken[" + homeAccountId + ", " + realm + ", " + target + ", expires " + expiresOn + ", ***]";
        }
    }

    /** That a refresh token exists; its value is never kept. */
    record RefreshToken(String homeAccountId, String clientId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    CacheContents {
        accounts = List.copyOf(accounts);
        accessTokens = List.copyOf(accessTokens);
        refreshTokens = List.copyOf(refreshTokens);
    }

    /** Parses msal4j's format; an IllegalArgumentException (without the text) when it is not that. */
    static CacheContents parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // The message would quote the file, tokens included.
            throw new IllegalArgumentException("it is not JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("it is not an msal4j token cache (no JSON object)");
        }
        return new CacheContents(
                entries(root, "Account", n -> new Account(text(n, "home_account_id"), text(n, "environment"),
                        text(n, "realm"), text(n, "username"))),
                entries(root, "AccessToken", n -> new AccessToken(text(n, "home_account_id"), text(n, "client_id"),
                        text(n, "realm"), text(n, "target"), epoch(n, "cached_at"), epoch(n, "expires_on"),
                        text(n, "secret"))),
                entries(root, "RefreshToken", n -> new RefreshToken(text(n, "home_account_id"),
                        text(n, "client_id"))));
    }

    /** The account signed in for this app, if any (a login replaces the cache, so there is at most one). */
    Optional<Account> account() {
        return accounts.stream().findFirst();
    }

    boolean hasRefreshToken(String clientId) {
        return refreshTokens.stream().anyMatch(rt -> clientId.equals(rt.clientId()));
    }

    /** The access token of this app for these scopes that lasts longest. */
    Optional<AccessToken> accessToken(String clientId, List<String> scopes) {
        return accessTokens.stream().filter(at -> clientId.equals(at.clientId()) && at.covers(scopes))
                .max(Comparator.comparing(AccessToken::expiresOn));
    }

    private static <T> List<T> entries(JsonNode root, String section, Function<JsonNode, T> read) {
        List<T> out = new ArrayList<>();
        JsonNode node = root.get(section);
        if (node != null && node.isObject()) {
            node.elements().forEachRemaining(entry -> out.add(read.apply(entry)));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static Instant epoch(JsonNode node, String field) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(text(node, field)));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }
}
