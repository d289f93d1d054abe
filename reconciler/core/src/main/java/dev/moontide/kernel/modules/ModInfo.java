package dev.moontide.kernel.modules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .modinfo} section of a kernel module file: what {@code modinfo(8)} prints
 * ({@code name}, {@code version}, {@code depends}, {@code vermagic}, ...), read from the ELF file.
 */
public record ModInfo(Map<String, List<String>> fields) {

    /** ELF64 little-endian x86-64 files only: what the kernel this project targets loads. */
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;

    public ModInfo {
        fields = Map.copyOf(fields);
    }

    /** The first value of {@code key}. */
    public Optional<String> get(String key) {
        List<String> values = fields.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The module's name as the kernel will know it. */
    public Optional<String> name() {
        return get("name");
    }

    public Optional<String> version() {
        return get("version");
    }

    /** Modules it needs loaded first ({@code depends=a,b}). */
    public List<String> depends() {
        String d = get("depends").orElse("");
        return d.isEmpty() ? List.of() : List.of(d.split(","));
    }

    /** The kernel release it was built for: the first word of {@code vermagic}. */
    public Optional<String> kernelRelease() {
        return get("vermagic").map(v -> v.strip().split(" ", 2)[0]);
    }

    /**
     * Reads the {@code .modinfo} section of {@code ko}.
     *
     * @throws IOException if the file cannot be read or is not a 64-bit little-endian ELF
     *                     relocatable file with a {@code .modinfo} section
     */
    public static ModInfo read(Path ko) throws IOException {
        ByteBuffer elf;
        try (FileChannel ch = FileChannel.open(ko, StandardOpenOption.READ)) {
            if (ch.size() > 256L << 20) {
                throw new IOException(ko + " is over 256 MiB, not a kernel module");
            }
            elf = ByteBuffer.allocate((int) ch.size());
            while (elf.hasRemaining() && ch.read(elf) >= 0) {
                // read it all
            }
            elf.flip();
        }
        return parse(elf, ko.toString());
    }

    static ModInfo parse(ByteBuffer elf, String what) throws IOException {
        elf.order(ByteOrder.LITTLE_ENDIAN);
        if (elf.limit() < EHDR_SIZE || elf.getInt(0) != 0x464c457f) {
            throw new IOException(what + " is not an ELF file");
        }
        if (elf.get(4) != 2 || elf.get(5) != 1) {
            throw new IOException(what + " is not a 64-bit little-endian ELF file");
        }
        try {
            long shoff = elf.getLong(0x28);
            int shentsize = Short.toUnsignedInt(elf.getShort(0x3a));
            int shnum = Short.toUnsignedInt(elf.getShort(0x3c));
            int shstrndx = Short.toUnsignedInt(elf.getShort(0x3e));
            if (shentsize != SHDR_SIZE || shstrndx >= shnum) {
                throw new IOException(what + " has no usable section header table");
            }
            int names = Math.toIntExact(elf.getLong(section(shoff, shstrndx) + 0x18));
            for (int i = 0; i < shnum; i++) {
                int sh = section(shoff, i);
                String name = cString(elf, names + elf.getInt(sh));
                if (name.equals(".modinfo")) {
                    int offset = Math.toIntExact(elf.getLong(sh + 0x18));
                    int size = Math.toIntExact(elf.getLong(sh + 0x20));
                    return fromStrings(Arrays.copyOfRange(elf.array(), offset, offset + size));
                }
            }
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException(what + " is a truncated or damaged ELF file", e);
        }
        throw new IOException(what + " has no .modinfo section: not a kernel module");
    }

    private static int section(long shoff, int index) {
        return Math.toIntExact(shoff + (long) index * SHDR_SIZE);
    }

    private static String cString(ByteBuffer buf, int at) {
        int end = at;
        while (buf.get(end) != 0) {
            end++;
        }
        return new String(buf.array(), at, end - at, StandardCharsets.UTF_8);
    }

    /** NUL-separated {@code key=value} strings, padding NULs between them. */
    static ModInfo fromStrings(byte[] section) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= section.length; i++) {
            if (i == section.length || section[i] == 0) {
                if (i > start) {
                    String entry = new String(section, start, i - start, StandardCharsets.UTF_8);
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        fields.computeIfAbsent(entry.substring(0, eq), k -> new ArrayList<>())
                                .add(entry.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        fields.replaceAll((k, v) -> List.copyOf(v));
        return new ModInfo(fields);
    }
}
