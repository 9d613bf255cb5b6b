package dev.helpdesk.auth;

import java.util.Optional;

/**
 * One OAuth mailbox's msal4j token cache and the note that its login was refused, wherever they are kept: a
 * private file under dataDir ({@link TokenCacheFile}) or a sealed row of the shared database
 * ({@link DatabaseTokenCache}). The cache is read and replaced as a whole, as msal4j serializes it; failures name
 * the mailbox and the next step, and never quote the cache.
 */
interface TokenCache {

    /**
     * The cache's text, or empty when none is saved.
     *
     * @throws CredentialException MISCONFIGURED when it is there but may not or cannot be used (a file others can
     *     read, a row sealed with another key)
     */
    Optional<String> read();

    /**
     * Replaces the cache as a whole. Throws when it was not saved, so that tokens whose refresh token is not
     * saved are never used: {@link TokenCacheFile.SaveFailed}, or a CredentialException (LEASE_LOST when the
     * mailbox's lease was taken over, UNREACHABLE when the database cannot be reached).
     */
    void write(String content);

    /** Removes the cache and the login-required note; true when there was a cache. */
    boolean delete();

    /** Why the last login was refused (time and Microsoft's error code), if it was and nobody logged in since. */
    Optional<String> loginRequired();

    /** Notes that Microsoft refused the saved login, so that status can say so without asking Microsoft. */
    void markLoginRequired(String why);

    /** Removes that note, if there is one; writes nothing otherwise. */
    void clearLoginRequired();

    /** Where the cache is kept, for messages: the file's path, or "the token cache of mailbox X in the database". */
    String location();

    /** The cache as the subject of a sentence: "the token cache /path", or the database one as above. */
    String describe();

    /** The command that lets a refused cache be used again (a chmod, or a new login). */
    String refusedFix();

    /** The command that replaces a cache which cannot be used at all. */
    String replaceCommand();
}
