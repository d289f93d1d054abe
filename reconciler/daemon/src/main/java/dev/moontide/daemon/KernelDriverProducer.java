package dev.moontide.daemon;

import dev.moontide.kernel.DeviceDriver;
import dev.moontide.kernel.KernelDriver;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The kernel driver: /dev/moontide (or $MOONTIDE_DEVICE); tests replace it. */
@ApplicationScoped
public class KernelDriverProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    KernelDriver driver() {
        return DeviceDriver.open();
    }
}
