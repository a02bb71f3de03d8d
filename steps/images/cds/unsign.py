"""Copies a signed jar without its signature, for a step image's start-up archive.

    python3 unsign.py SIGNED_JAR OUT_JAR

The JVM leaves a signed jar's classes out of any CDS archive or AOT cache, and checks each class's
digest as it loads it. JGit, which every step loads, is signed: its 600-odd classes would be loaded
and verified at each start. The copy has the same entries, bytes and times, without the signature
files (META-INF/*.SF, *.RSA, *.DSA, *.EC, SIG-*) and without the manifest's per-entry digests, which
belong to the signature. The output depends on the input alone.
"""
import re
import sys
import zipfile

SIGNATURE = re.compile(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)$|META-INF/SIG-[^/]+$")


def main_section(manifest: bytes) -> bytes:
    lines = manifest.replace(b"\r\n", b"\n").split(b"\n\n")[0]
    return lines.replace(b"\n", b"\r\n") + b"\r\n\r\n"


def main(signed: str, out: str) -> None:
    with zipfile.ZipFile(signed) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if SIGNATURE.match(info.filename):
                continue
            data = zin.read(info)
            if info.filename == "META-INF/MANIFEST.MF":
                data = main_section(data)
            zout.writestr(info, data, compress_type=info.compress_type)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: unsign.py SIGNED_JAR OUT_JAR")
    main(sys.argv[1], sys.argv[2])
