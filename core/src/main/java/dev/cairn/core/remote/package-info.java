/**
 * The {@link dev.cairn.core.remote.Remote} interface, optional capabilities, URI resolution and the
 * transfer engine (status, push, pull).
 */
@NullMarked
package dev.cairn.core.remote;

import org.jspecify.annotations.NullMarked;
