package dev.moontide.kernel.modules;

import java.nio.file.Path;

/** The two system calls that load and unload kernel modules. {@link LinuxModuleSyscalls} makes them. */
public interface ModuleSyscalls {

    /** {@code finit_module(2)} flag: the file is compressed; the kernel decompresses it. */
    int MODULE_INIT_COMPRESSED_FILE = 4;
    /** {@code delete_module(2)} flag: fail at once when the module is in use. */
    int O_NONBLOCK = 04000;

    /**
     * {@code finit_module(open(ko), params, flags)}.
     *
     * @throws SyscallException with the errno the kernel returned
     */
    void finitModule(Path ko, String params, int flags) throws SyscallException;

    /**
     * {@code delete_module(name, flags)}.
     *
     * @throws SyscallException with the errno the kernel returned
     */
    void deleteModule(String name, int flags) throws SyscallException;

    /** A system call failed with {@code errno}. */
    final class SyscallException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int errno;

        public SyscallException(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }
}
