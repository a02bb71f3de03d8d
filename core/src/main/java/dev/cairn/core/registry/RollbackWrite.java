package dev.cairn.core.registry;

import org.jspecify.annotations.Nullable;

/**
 * What {@link Registry#rollback(RollbackOrder)} did.
 *
 * @param write the tags written ({@code version}: the version rolled back to; {@code
 *     previousVersion}: the one rolled back away from)
 * @param hold the hold on the stage after the write, or null when there is none
 * @param holdPlaced whether this write placed (or replaced) the hold
 */
public record RollbackWrite(RegistryWrite write, @Nullable StageHold hold, boolean holdPlaced) {}
