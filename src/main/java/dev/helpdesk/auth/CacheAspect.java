package dev.helpdesk.auth;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import java.util.Optional;

/**
 * msal4j's view of a {@link TokenCache}: loaded before every cache access and saved after every change, inside
 * msal4j's token call, so a rotated refresh token is saved before the caller ever sees the access token; when
 * it cannot be saved, the call fails instead.
 */
final class CacheAspect implements ITokenCacheAccessAspect {
    private final TokenCache cache;
    private RuntimeException saveFailure;

    CacheAspect(TokenCache cache) {
        this.cache = cache;
    }

    /** The failure of the last save msal4j asked for, if any; cleared by reading it. */
    Optional<RuntimeException> takeSaveFailure() {
        Optional<RuntimeException> failure = Optional.ofNullable(saveFailure);
        saveFailure = null;
        return failure;
    }

    @Override
    public void beforeCacheAccess(ITokenCacheAccessContext context) {
        cache.read().ifPresent(context.tokenCache()::deserialize);
    }

    @Override
    public void afterCacheAccess(ITokenCacheAccessContext context) {
        if (!context.hasCacheChanged()) {
            return;
        }
        try {
            cache.write(context.tokenCache().serialize());
        } catch (RuntimeException e) {
            // Remembered as well as thrown: the caller must not use tokens that were not saved, whatever msal4j
            // does with an exception from its aspect.
            saveFailure = e;
            throw e;
        }
    }
}
