/**
 * The {@link dev.cairn.core.remote.Remote} contract, its optional capabilities and its backends
 * ({@code local}, {@code s3}, {@code sftp}). {@link dev.cairn.core.remote.RemoteUri} reads remote
 * URLs; {@link dev.cairn.core.remote.Remotes} is the one place that maps a scheme to a backend (a
 * new backend is one case there). Backends never call back into {@code Remotes} nor into each
 * other; the transfer engine that uses them is {@code dev.cairn.core.transfer}.
 */
@NullMarked
package dev.cairn.core.remote;

import org.jspecify.annotations.NullMarked;
