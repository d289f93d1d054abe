package dev.moontide.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from a file of mode 600 in git's credential format, never from the URL one configures. */
class GitCredentialsTest {

    @TempDir
    Path dir;

    Path file(String content, String mode) throws IOException {
        Path f = dir.resolve("credentials");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void theFileGivesUserAndPasswordToAnHttpsUrl() throws IOException {
        GitCredentials c = GitCredentials.read(file("protocol=https\nusername=alice\npassword=t0k:en@/x\n", "rw-------"));
        String url = c.into("https://git.example/ops/k.git");
        assertEquals("https://alice:t0k%3Aen%40%2Fx@git.example/ops/k.git", url);
        assertEquals("https://***@git.example/ops/k.git", Redaction.url(url));
        assertFalse(c.toString().contains("t0k"), c.toString());
    }

    @Test
    void aFileOthersMayReadIsRefused() throws IOException {
        Path f = file("username=alice\npassword=t0ken\n", "rw-r--r--");
        IOException e = assertThrows(IOException.class, () -> GitCredentials.read(f));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void aFileWithoutPasswordIsRefused() throws IOException {
        Path f = file("username=alice\n", "rw-------");
        assertThrows(IOException.class, () -> GitCredentials.read(f));
    }

    @Test
    void onlyHttpUrlsWithoutCredentialsTakeThem() {
        GitCredentials c = new GitCredentials("alice", "t0ken");
        assertThrows(IllegalArgumentException.class, () -> c.into("ssh://git.example/k.git"));
        assertThrows(IllegalArgumentException.class, () -> c.into("/srv/git/k.git"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.into("https://bob:other@git.example/k.git"));
        assertFalse(e.getMessage().contains("other"), e.getMessage());
    }
}
