package dev.helpdesk.mail;

/** The IMAP extensions that decide how messages can be moved or deleted without touching anyone else's. */
public record ServerCapabilities(boolean move, boolean uidplus) {}
