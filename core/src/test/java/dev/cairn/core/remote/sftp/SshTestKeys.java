package dev.cairn.core.remote.sftp;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jspecify.annotations.Nullable;

/** Keys generated at test time (never committed) and the files OpenSSH expects. */
public final class SshTestKeys {
  private SshTestKeys() {}

  public static KeyPair ed25519() throws Exception {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  public static KeyPair ecdsa() throws Exception {
    return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
  }

  public static KeyPair rsa() throws Exception {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 3072);
  }

  /** Writes the private key in OpenSSH format, encrypted when {@code passphrase} is given. */
  public static Path writeOpenSsh(KeyPair pair, Path file, @Nullable String passphrase)
      throws Exception {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherType("256");
      encryption.setPassword(passphrase);
      encryption.setKdfRounds(4);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
    }
    restrict(file);
    return file;
  }

  /** Writes the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public static Path writePem(KeyPair pair, Path file) throws Exception {
    return writePem(pair.getPrivate().getEncoded(), "PRIVATE KEY", file);
  }

  /** Writes an RSA private key as traditional PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}). */
  public static Path writeRsaPkcs1Pem(KeyPair pair, Path file) throws Exception {
    return writePem(pkcs1(pair.getPrivate().getEncoded()), "RSA PRIVATE KEY", file);
  }

  private static Path writePem(byte[] der, String type, Path file) throws Exception {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    restrict(file);
    return file;
  }

  /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: SEQ { INT, SEQ alg, OCTET STRING key }. */
  private static byte[] pkcs1(byte[] pkcs8) {
    int[] pos = {0};
    header(pkcs8, pos, 0x30);
    int version = header(pkcs8, pos, 0x02);
    pos[0] += version;
    int algorithm = header(pkcs8, pos, 0x30);
    pos[0] += algorithm;
    int length = header(pkcs8, pos, 0x04);
    return java.util.Arrays.copyOfRange(pkcs8, pos[0], pos[0] + length);
  }

  /** Reads a DER tag and length at {@code pos}, leaving {@code pos} at the content. */
  private static int header(byte[] der, int[] pos, int tag) {
    if ((der[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("unexpected DER tag");
    }
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[pos[0]++] & 0xff);
    }
    return length;
  }

  /** {@code ssh-ed25519 AAAA...}: an authorized_keys / known_hosts key field. */
  public static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /** A known_hosts file with one entry for {@code [host]:port}. */
  public static Path knownHosts(Path file, String host, int port, PublicKey hostKey)
      throws Exception {
    Files.writeString(file, "[" + host + "]:" + port + " " + publicKeyLine(hostKey) + "\n");
    return file;
  }

  private static void restrict(Path file) throws Exception {
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }
}
