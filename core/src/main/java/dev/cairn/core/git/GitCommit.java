package dev.cairn.core.git;

import java.time.Instant;

/**
 * A commit as GTO reads it for artifacts declared in {@code artifacts.yaml}.
 *
 * @param id the full commit id
 * @param time the committer time (one-second resolution)
 * @param authorName the author's name
 * @param authorEmail the author's e-mail
 * @param message the full commit message, as stored (usually ending in a newline)
 */
public record GitCommit(
    String id, Instant time, String authorName, String authorEmail, String message) {}
