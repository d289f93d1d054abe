package dev.moontide.kernel.lunatik;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.ControlDevice;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.kernel.Transport;
import dev.moontide.kernel.protocol.RuntimeName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link KernelDriver} over upstream Lunatik's {@code /dev/lunatik}: each call writes one Lua chunk
 * calling {@code lunatik.runner} ({@code run}, {@code spawn}, {@code stop}, {@code list}) and
 * reads back the tab-separated reply. Also works against moontide.ko loaded with {@code lunatik=1}.
 *
 * <p>The protocol tells only which scripts run: {@link #list()} reports each as running, in
 * process context, with no sha256 and no limits ({@link #reportsDetails()} is false), named as
 * {@link #expectNames} says or else after its script ({@link LunatikNames}). Limits cannot be set
 * through it.
 */
public final class LunatikDriver implements KernelDriver {

    /** Where upstream Lunatik's driver script creates its device. */
    public static final Path DEFAULT_PATH = Path.of("/dev/lunatik");

    private final Transport transport;
    private final String device;
    /** Script path to runtime name, as the manifests declare them. */
    private volatile Map<String, String> nameByScript = Map.of();

    public LunatikDriver(Transport transport, String device) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.device = Objects.requireNonNull(device, "device");
    }

    /** A driver for {@code $MOONTIDE_LUNATIK_DEVICE}, or {@code /dev/lunatik}. */
    public static LunatikDriver open() {
        String env = System.getenv("MOONTIDE_LUNATIK_DEVICE");
        Path path = env != null && !env.isEmpty() ? Path.of(env) : DEFAULT_PATH;
        return new LunatikDriver(new ControlDevice(path), path.toString());
    }

    @Override
    public KernelVersion version() throws KernelException {
        List<String> v = call("return _VERSION");
        return new KernelVersion("lunatik", v.isEmpty() ? "" : v.get(0), 0);
    }

    @Override
    public List<RuntimeInfo> list() throws KernelException {
        List<String> v = call("return lunatik.runner.list()");
        List<RuntimeInfo> out = new ArrayList<>();
        if (v.isEmpty() || v.get(0).isEmpty()) {
            return out;
        }
        for (String key : v.get(0).split(", ", -1)) {
            String name = nameByScript.getOrDefault(key + ".lua", LunatikNames.nameOf(key));
            if (!RuntimeName.isValid(name)) {
                name = LunatikNames.sanitized(name); // a script started by hand with an odd name
            }
            out.add(info(name, key));
        }
        out.sort(java.util.Comparator.comparing(RuntimeInfo::name));
        return out;
    }

    @Override
    public RuntimeInfo run(RunSpec spec) throws KernelException {
        if (!spec.script().endsWith(".lua")) {
            throw new KernelException(KernelException.EINVAL, KernelException.REQUEST, "runtime " + spec.name()
                    + ": through " + device + " a script's file must end in .lua (Lunatik loads SCRIPT.lua)");
        }
        if (spec.memory().isPresent() || spec.quota().isPresent()) {
            throw new KernelException(KernelException.EINVAL, KernelException.REQUEST, "runtime " + spec.name()
                    + ": limits.memory and limits.quota cannot be set through " + device);
        }
        String key = LunatikNames.luaString(LunatikNames.keyOf(spec.script()));
        if (spec.spawn()) {
            if (spec.context() != Context.PROCESS) {
                throw new KernelException(KernelException.EINVAL, KernelException.REQUEST, "runtime " + spec.name()
                        + ": spawn needs context process");
            }
            call("lunatik.runner.spawn(" + key + ")");
        } else {
            call("lunatik.runner.run(" + key + ", \"" + spec.context().wire() + "\")");
        }
        return info(spec.name(), LunatikNames.keyOf(spec.script()));
    }

    @Override
    public void expectNames(Map<String, String> nameByScript) {
        this.nameByScript = Map.copyOf(nameByScript);
    }

    @Override
    public void stop(String name) throws KernelException {
        for (RuntimeInfo r : list()) {
            if (r.name().equals(name)) {
                List<String> v = call("return lunatik.runner.stop("
                        + LunatikNames.luaString(LunatikNames.keyOf(r.script())) + ")");
                if (v.isEmpty() || !v.get(0).equals("false")) {
                    return; // true, or an older Lunatik that returns nothing
                }
            }
        }
        throw new KernelException(KernelException.ENOENT, KernelException.REQUEST, "no runtime named '" + name
                + "' in " + device);
    }

    /** Only the device's own state ({@code "-"}) can run chunks through this protocol. */
    @Override
    public List<String> eval(String runtime, String chunk) throws KernelException {
        if (!RuntimeName.CONTROL.equals(runtime)) {
            throw new KernelException(KernelException.ENOSYS, KernelException.REQUEST, "eval in runtime " + runtime
                    + " is not possible through " + device + ": only its driver state (\"-\") runs chunks");
        }
        return call(chunk);
    }

    @Override
    public boolean reportsDetails() {
        return false;
    }

    @Override
    public String describe() {
        return "lunatik (" + device + ")";
    }

    /** Writes one chunk; its results, or its error as a KernelException. */
    private List<String> call(String chunk) throws KernelException {
        byte[] answer = transport.exchange(chunk.getBytes(StandardCharsets.UTF_8));
        String text = new String(answer, StandardCharsets.UTF_8);
        LunatikReply reply = LunatikReply.parse(text);
        if (reply == null) {
            throw new KernelException(0, KernelException.PROTOCOL, device + " answered \""
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text)
                    + "\", not \"true\" or \"false\", a tab and results");
        }
        if (!reply.ok()) {
            String msg = reply.error();
            throw new KernelException(msg.endsWith("is already running") ? KernelException.EEXIST : KernelException.ECANCELED,
                    KernelException.RUNTIME, msg);
        }
        return reply.values();
    }

    private static RuntimeInfo info(String name, String key) {
        return new RuntimeInfo(name, key + ".lua", "", Context.PROCESS, false, RunState.RUNNING, 0, 0, 0, 0, null,
                0, "");
    }
}
