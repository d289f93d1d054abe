package dev.moontide.kernel.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModInfoTest {

    @TempDir
    Path dir;

    @Test
    void readsNameVersionDependsAndTheKernelItIsBuiltFor() throws IOException {
        Path ko = FakeKo.write(dir.resolve("moontide_net.ko"), "version=0.1.0", "license=GPL",
                "depends=moontide,nf_tables", "alias=a", "alias=b", "name=moontide_net",
                "vermagic=6.1.0-28-amd64 SMP preempt mod_unload modversions ");
        ModInfo info = ModInfo.read(ko);
        assertEquals(Optional.of("moontide_net"), info.name());
        assertEquals(Optional.of("0.1.0"), info.version());
        assertEquals(List.of("moontide", "nf_tables"), info.depends());
        assertEquals(Optional.of("6.1.0-28-amd64"), info.kernelRelease());
        assertEquals(List.of("a", "b"), info.fields().get("alias"));
    }

    @Test
    void anEmptyDependsIsNoDependency() throws IOException {
        assertEquals(List.of(), ModInfo.read(FakeKo.write(dir.resolve("m.ko"), "depends=")).depends());
    }

    @Test
    void refusesFilesThatAreNotModulesSayingWhy() throws IOException {
        Path text = Files.writeString(dir.resolve("x.ko"), "not elf at all, just some text here....................."
                + "................");
        assertEquals(text + " is not an ELF file", assertThrows(IOException.class, () -> ModInfo.read(text)).getMessage());
        byte[] elf = FakeKo.bytes("name=x");
        Path truncated = dir.resolve("t.ko");
        Files.write(truncated, java.util.Arrays.copyOf(elf, elf.length - 100));
        assertEquals(truncated + " is a truncated or damaged ELF file",
                assertThrows(IOException.class, () -> ModInfo.read(truncated)).getMessage());
    }

    /** The real module, when the build tree has one. */
    @Test
    void readsTheBuiltModuleIfThereIsOne() throws IOException {
        Path ko = Path.of("../../build/kernel/moontide.ko");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(ko), "no build/kernel/moontide.ko");
        ModInfo info = ModInfo.read(ko);
        assertEquals(Optional.of("moontide"), info.name());
        assertEquals(true, info.version().isPresent());
        assertEquals(true, info.kernelRelease().isPresent());
    }
}
