package dev.cairn.core.registry;

/**
 * What {@link Registry#hold} or {@link Registry#release} did.
 *
 * @param hold the hold placed, found already in place, or released
 * @param changed whether the marker was written or deleted now
 * @param attempts how often the write was applied
 */
public record HoldWrite(StageHold hold, boolean changed, int attempts) {}
