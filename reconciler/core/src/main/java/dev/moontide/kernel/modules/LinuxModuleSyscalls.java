package dev.moontide.kernel.modules;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * {@link ModuleSyscalls} through libc's {@code syscall(2)} (glibc has no wrappers for these two),
 * called with JNA. x86-64 system call numbers.
 */
public final class LinuxModuleSyscalls implements ModuleSyscalls {

    private static final long SYS_FINIT_MODULE = 313;
    private static final long SYS_DELETE_MODULE = 176;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;

    /** The libc functions used; JNA maps {@code Object...} to a C variadic call. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        long syscall(long number, Object... args) throws LastErrorException;

        String strerror(int errno);
    }

    private final LibC libc;

    public LinuxModuleSyscalls() {
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new UnsupportedOperationException("loading modules is implemented for x86-64 only, this is " + arch);
        }
        this.libc = Native.load("c", LibC.class);
    }

    @Override
    public void finitModule(Path ko, String params, int flags) throws SyscallException {
        int fd;
        try {
            fd = libc.open(ko.toString(), O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw failure(e, "open " + ko);
        }
        try {
            libc.syscall(SYS_FINIT_MODULE, fd, params, flags);
        } catch (LastErrorException e) {
            throw failure(e, "finit_module " + ko);
        } finally {
            libc.close(fd);
        }
    }

    @Override
    public void deleteModule(String name, int flags) throws SyscallException {
        try {
            libc.syscall(SYS_DELETE_MODULE, name, flags);
        } catch (LastErrorException e) {
            throw failure(e, "delete_module " + name);
        }
    }

    private SyscallException failure(LastErrorException e, String call) {
        int errno = e.getErrorCode();
        return new SyscallException(errno, call + ": " + libc.strerror(errno));
    }
}
