package dev.moontide.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A token file that others may read, or that another user owns, stops the daemon at start. */
class ApiTokenFileTest {

    static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void token() throws Exception {
        file = dir.resolve("api-token");
        Files.writeString(file, GitRepoResource.TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aPrivateFileOfThisUserStartsAndItsTokenOpens() {
        ApiToken token = new ApiToken(file, ME);
        token.checkAtStart();
        assertEquals(Optional.empty(), token.check("Bearer " + GitRepoResource.TOKEN));
    }

    @Test
    void noFileStartsWithTheStateChangingEndpointsOff() {
        ApiToken token = new ApiToken(dir.resolve("none"), ME);
        token.checkAtStart();
        assertEquals("TokenFileMissing", token.check("Bearer " + GitRepoResource.TOKEN).orElseThrow().reason());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-r--r--", "rw--w----", "rw-----w-"})
    void aFileGroupOrOthersMayUseRefusesToStart(String mode) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ApiToken(file, ME).checkAtStart());
        assertEquals("refusing to start: " + file + " may be read by others than its owner: chmod 600 " + file
                + " (moontide.api.token-file)", e.getMessage());
    }

    @Test
    void aFileOfAnotherUserRefusesToStartAndIsNotUsed() throws Exception {
        // as root (as the daemon runs), give the file to nobody; otherwise, run as a user that is
        // neither the file's owner nor root
        String owner = ME;
        String daemonUser = "somebody-else";
        if (ME.equals("root")) {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            owner = "nobody";
            daemonUser = ME;
        }
        ApiToken token = new ApiToken(file, daemonUser);
        IllegalStateException e = assertThrows(IllegalStateException.class, token::checkAtStart);
        assertEquals("refusing to start: " + file + " belongs to " + owner + ", neither this daemon's user (" + daemonUser
                + ") nor root: chown " + daemonUser + " " + file + " (moontide.api.token-file)", e.getMessage());
        assertEquals("TokenFileInsecure", token.check("Bearer " + GitRepoResource.TOKEN).orElseThrow().reason());
    }

    @Test
    void aRootOwnedFileIsFineForAnyUser() throws Exception {
        assumeTrue(ME.equals("root"));
        new ApiToken(file, "moontide").checkAtStart();
    }

    @Test
    void anInvalidTokenRefusesToStart() throws Exception {
        Files.writeString(file, "short\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ApiToken(file, ME).checkAtStart());
        assertTrue(e.getMessage().contains("must hold one token of at least 32 characters"), e.getMessage());
    }
}
