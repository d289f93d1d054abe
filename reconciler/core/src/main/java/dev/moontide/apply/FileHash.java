package dev.moontide.apply;

import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The {@link Sha256} of a file, read in pieces so that a large file is never held whole. */
public final class FileHash {

    private FileHash() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = Sha256.digest();
        byte[] buf = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
