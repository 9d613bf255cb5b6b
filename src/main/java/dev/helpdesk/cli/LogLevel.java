package dev.helpdesk.cli;

/**
 * Sets slf4j-simple's level from -v/-q before any logger exists: slf4j-simple reads its level
 * once, when the first logger is created, so picocli's parse would be too late.
 */
final class LogLevel {
    private LogLevel() {
    }

    static void apply(String[] args) {
        String level = "warn";
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("-v") || arg.equals("--verbose")) {
                level = "debug";
            } else if (arg.equals("-q") || arg.equals("--quiet")) {
                level = "error";
            }
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        // msal4j warns in four lines (with trace IDs) about every refused refresh token; the run already
        // reports "login required" in one sentence, so cron logs get msal4j's words only with -v.
        System.setProperty("org.slf4j.simpleLogger.log.com.microsoft.aad.msal4j", level.equals("debug") ? "debug" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    }
}
