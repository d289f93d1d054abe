package dev.moontide.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DriversTest {

    final KernelDriver moontide = new DeviceDriver(request -> new byte[0]);

    @Test
    void moontideIsTheDriverAlreadyMade() {
        assertSame(moontide, Drivers.named("moontide", moontide));
    }

    @Test
    void lunatikSpeaksToDevLunatikAndReportsPresenceOnly() {
        KernelDriver d = Drivers.named("lunatik", moontide);
        assertFalse(d.reportsDetails());
        assertEquals("lunatik (/dev/lunatik)", d.describe());
    }

    @Test
    void anyOtherNameIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Drivers.named("lunatic", moontide));
        assertEquals("unknown driver \"lunatic\" (expected moontide or lunatik)", e.getMessage());
    }
}
