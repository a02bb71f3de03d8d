/** Remote reached over SSH/SFTP (Apache MINA SSHD). */
@NullMarked
package dev.cairn.core.remote.sftp;

import org.jspecify.annotations.NullMarked;
