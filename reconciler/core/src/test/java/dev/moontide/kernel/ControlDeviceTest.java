package dev.moontide.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device transport on ordinary files: the real device is exercised in the lab
 * (reconciler/cli/src/test/lab/cli-e2e.sh).
 */
class ControlDeviceTest {

    @TempDir
    Path dir;

    /**
     * A regular file stands in for the device: the request overwrites the file's first bytes
     * through the same open file, and what follows is read back as the response.
     */
    @Test
    void writesTheRequestThenReadsToTheEndOfTheSameOpenFile() throws IOException, KernelException {
        byte[] request = "eval -\nreturn 6 * 7".getBytes(StandardCharsets.UTF_8);
        byte[] response = "{\"ok\":true,\"results\":[\"42\"]}\n".getBytes(StandardCharsets.UTF_8);
        Path fake = dir.resolve("moontide");
        byte[] before = new byte[request.length + response.length];
        Arrays.fill(before, (byte) '#');
        System.arraycopy(response, 0, before, request.length, response.length);
        Files.write(fake, before);

        assertArrayEquals(response, new ControlDevice(fake).exchange(request));
        byte[] after = Files.readAllBytes(fake);
        assertArrayEquals(request, Arrays.copyOf(after, request.length));
    }

    @Test
    void aMissingDeviceMeansTheModuleIsNotLoadedAndIsNeverCreated() {
        Path missing = dir.resolve("moontide");
        ControlDevice device = new ControlDevice(missing);
        assertFalse(device.exists());
        KernelException e = assertThrows(KernelException.class, () -> device.exchange(new byte[] {'x'}));
        assertTrue(e.deviceMissing());
        assertEquals(missing + " does not exist: the moontide module is not loaded", e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void refusesARequestOverOneMebibyteWithoutOpening() {
        KernelException e = assertThrows(KernelException.class,
                () -> new ControlDevice(dir.resolve("none")).exchange(new byte[ControlDevice.MAX_MESSAGE + 1]));
        assertEquals(KernelException.E2BIG, e.errno());
        assertEquals("request", e.kind());
    }
}
