package dev.moontide.daemon;

import dev.moontide.kernel.DeviceDriver;
import dev.moontide.kernel.Drivers;
import dev.moontide.kernel.KernelDriver;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The kernel driver {@code moontide.driver} names: /dev/moontide (or $MOONTIDE_DEVICE) by default; tests replace it. */
@ApplicationScoped
public class KernelDriverProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    KernelDriver driver(DaemonConfig config) {
        return Drivers.named(config.driver(), DeviceDriver.open());
    }
}
