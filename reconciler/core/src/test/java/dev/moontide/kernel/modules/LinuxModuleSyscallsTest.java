package dev.moontide.kernel.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNA plumbing of the two system calls, with requests every kernel refuses: a file that is
 * not a module, a module that does not exist. (Loading for real happens in the lab.)
 */
class LinuxModuleSyscallsTest {

    @TempDir
    Path dir;

    static LinuxModuleSyscalls calls() {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue("amd64".equals(arch) || "x86_64".equals(arch), "x86-64 only");
        return new LinuxModuleSyscalls();
    }

    @Test
    void finitModuleOfAFileThatIsNotAModuleFailsWithTheKernelsErrno() throws IOException {
        Path notKo = Files.writeString(dir.resolve("not.ko"), "not an ELF file\n");
        ModuleSyscalls.SyscallException e = assertThrows(ModuleSyscalls.SyscallException.class,
                () -> calls().finitModule(notKo, "", 0));
        // ENOEXEC where modules may be loaded; EPERM without CAP_SYS_MODULE; ENOSYS under seccomp
        assertTrue(Set.of(8, 1, 38).contains(e.errno()), e.getMessage());
        assertTrue(e.getMessage().startsWith("finit_module " + notKo + ": "), e.getMessage());
    }

    @Test
    void openingAMissingFileIsReportedAsOpen() {
        Path missing = dir.resolve("missing.ko");
        ModuleSyscalls.SyscallException e = assertThrows(ModuleSyscalls.SyscallException.class,
                () -> calls().finitModule(missing, "", 0));
        assertEquals(2, e.errno());
        assertEquals("open " + missing + ": No such file or directory", e.getMessage());
    }

    @Test
    void deleteModuleOfAModuleThatIsNotLoadedFails() {
        ModuleSyscalls.SyscallException e = assertThrows(ModuleSyscalls.SyscallException.class,
                () -> calls().deleteModule("moontide_no_such_module", ModuleSyscalls.O_NONBLOCK));
        assertTrue(Set.of(2, 1, 38).contains(e.errno()), e.getMessage());
        assertTrue(e.getMessage().startsWith("delete_module moontide_no_such_module: "), e.getMessage());
    }
}
