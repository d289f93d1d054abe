package dev.moontide.kernel;

/**
 * One exchange with the kernel: one request written, its whole response read back.
 * {@link ControlDevice} is the real one; tests give their own.
 */
@FunctionalInterface
public interface Transport {

    /**
     * Writes {@code request} in one {@code write(2)} and returns everything the kernel answers.
     *
     * @throws KernelException of kind {@value KernelException#DEVICE} if the device cannot be
     *                         opened, written or read
     */
    byte[] exchange(byte[] request) throws KernelException;
}
