package dev.moontide.kernel;

import dev.moontide.kernel.lunatik.LunatikDriver;

/** The kernel drivers by the names the CLI's {@code --driver} and the daemon's {@code moontide.driver} use. */
public final class Drivers {

    private Drivers() {
    }

    /**
     * {@code moontide} gives {@code moontide} (the driver already made for /dev/moontide);
     * {@code lunatik} a {@link LunatikDriver} for {@code /dev/lunatik}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static KernelDriver named(String name, KernelDriver moontide) {
        return switch (name) {
            case "moontide" -> moontide;
            case "lunatik" -> LunatikDriver.open();
            default -> throw new IllegalArgumentException("unknown driver \"" + name
                    + "\" (expected moontide or lunatik)");
        };
    }
}
