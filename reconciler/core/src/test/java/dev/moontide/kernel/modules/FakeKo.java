package dev.moontide.kernel.modules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the smallest ELF64 file with a {@code .modinfo} section: what {@link ModInfo} reads. */
final class FakeKo {

    private FakeKo() {
    }

    /** {@code modinfo} entries as {@code key=value} strings. */
    static Path write(Path file, String... modinfo) throws IOException {
        Files.write(file, bytes(modinfo));
        return file;
    }

    static byte[] bytes(String... modinfo) {
        StringBuilder info = new StringBuilder();
        for (String e : modinfo) {
            info.append(e).append('\0');
        }
        byte[] infoBytes = info.toString().getBytes(StandardCharsets.UTF_8);
        byte[] names = "\0.shstrtab\0.modinfo\0".getBytes(StandardCharsets.UTF_8);
        int namesAt = 64;
        int infoAt = namesAt + names.length;
        int shoff = (infoAt + infoBytes.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464c457f).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
        b.putShort(0x10, (short) 1).putShort(0x12, (short) 62).putInt(0x14, 1);
        b.putLong(0x28, shoff).putShort(0x34, (short) 64).putShort(0x3a, (short) 64)
                .putShort(0x3c, (short) 3).putShort(0x3e, (short) 1);
        b.put(namesAt, names).put(infoAt, infoBytes);
        // section 0 is the null section; 1 .shstrtab; 2 .modinfo
        section(b, shoff + 64, 1, 3, namesAt, names.length);
        section(b, shoff + 128, 11, 1, infoAt, infoBytes.length);
        return b.array();
    }

    private static void section(ByteBuffer b, int at, int name, int type, int offset, int size) {
        b.putInt(at, name).putInt(at + 4, type).putLong(at + 0x18, offset).putLong(at + 0x20, size);
    }
}
