package dev.moontide.apply;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.DesiredRuntime;
import java.util.OptionalLong;

/** Between the kernel driver's records and the planner's. */
public final class KernelMapping {

    private KernelMapping() {
    }

    /** With {@code details} false (the driver tells only presence), context and limits are unknown. */
    public static ActualRuntime actual(RuntimeInfo info, boolean details) {
        if (!details) {
            return new ActualRuntime(info.name(), info.script(), null, null, false, info.state().wire(), info.error(),
                    null, null);
        }
        return new ActualRuntime(info.name(), info.script(), info.sha256().isEmpty() ? null : info.sha256(),
                info.context().wire(), info.spawn(), info.state().wire(), info.error(), info.memoryLimit(), info.quota());
    }

    public static RunSpec runSpec(DesiredRuntime d) {
        Long memory = d.spec().limits().memory();
        Long quota = d.spec().limits().quota();
        return new RunSpec(d.name(), d.spec().script(), Context.parse(d.spec().context()), d.spec().spawn(),
                memory == null ? OptionalLong.empty() : OptionalLong.of(memory),
                quota == null ? OptionalLong.empty() : OptionalLong.of(quota));
    }
}
