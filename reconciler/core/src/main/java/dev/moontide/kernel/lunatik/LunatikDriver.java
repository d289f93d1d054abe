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
 *
 * <p>Upstream has replied in three forms ({@link LunatikReply.Form}). The first call writes
 * {@link LunatikReply#PROBE} and keeps the form its reply shows for this driver's life (a reply
 * of another form later forgets it: the next call probes again). In the two older forms every
 * chunk is {@linkplain LunatikReply#wrap wrapped} so that results and errors still come back
 * whole and told apart. In those forms script keys 3.x's loose {@code .lua} stripping would
 * change are refused, and in the 3.x form (context a boolean) so is any context but process.
 */
public final class LunatikDriver implements KernelDriver {

    /** Where upstream Lunatik's driver script creates its device. */
    public static final Path DEFAULT_PATH = Path.of("/dev/lunatik");

    private final Transport transport;
    private final String device;
    /** Script path to runtime name, as the manifests declare them. */
    private volatile Map<String, String> nameByScript = Map.of();
    /** The device's reply form; null until probed. */
    private volatile LunatikReply.Form form;

    public LunatikDriver(Transport transport, String device) {
        this(transport, device, null);
    }

    /** A driver that takes the device's reply form as given (null: probe it). */
    LunatikDriver(Transport transport, String device, LunatikReply.Form form) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.device = Objects.requireNonNull(device, "device");
        this.form = form;
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
        LunatikReply.Form f = form();
        String bare = LunatikNames.keyOf(spec.script());
        if (f != LunatikReply.Form.STATUS && LunatikNames.looselyStripped(bare)) {
            throw new KernelException(KernelException.EINVAL, KernelException.REQUEST, "runtime " + spec.name()
                    + ": " + device + " replies in Lunatik " + f.release() + "'s form, and Lunatik 3.x's runner "
                    + (f == LunatikReply.Form.FIRST ? "" : "(which 4.x's may still be) ")
                    + "strips .lua with a loose pattern (any character followed by \"lua\": \"probe/evaluate\" loads "
                    + "\"probe/evte.lua\"): script " + bare + " would not be the file loaded; rename it");
        }
        if (f == LunatikReply.Form.FIRST && spec.context() != Context.PROCESS) {
            throw new KernelException(KernelException.EINVAL, KernelException.REQUEST, "runtime " + spec.name()
                    + ": " + device + " replies in Lunatik 3.x's form, where run's context is a boolean: \""
                    + spec.context().wire() + "\" would start the script in process context, not "
                    + spec.context().wire() + "; refused");
        }
        String key = LunatikNames.luaString(bare);
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

    /** The device's reply form: probed by the first call, then kept. */
    public LunatikReply.Form form() throws KernelException {
        LunatikReply.Form f = form;
        if (f == null) {
            String text = exchange(LunatikReply.PROBE);
            f = LunatikReply.detect(text);
            if (f == null) {
                throw new KernelException(0, KernelException.PROTOCOL, device + " answered \"" + cut(text)
                        + "\" to " + LunatikReply.PROBE + ": none of Lunatik's reply forms (\"true\", a tab "
                        + "and results; results joined by tabs; the first result)");
            }
            form = f;
        }
        return f;
    }

    /** Writes one chunk; its results, or its error as a KernelException. */
    private List<String> call(String chunk) throws KernelException {
        LunatikReply.Form f = form();
        String text = exchange(f == LunatikReply.Form.STATUS ? chunk : LunatikReply.wrap(chunk));
        LunatikReply reply;
        if (f == LunatikReply.Form.STATUS) {
            reply = LunatikReply.parse(text);
        } else if (text.startsWith("true\t" + LunatikReply.MARK)) {
            reply = null; // the status form now: the module was reloaded
        } else {
            reply = LunatikReply.parseWrapped(text);
        }
        if (reply == null) {
            form = null; // probe again next time
            throw new KernelException(0, KernelException.PROTOCOL, device + " answered \"" + cut(text) + "\", not "
                    + (f == LunatikReply.Form.STATUS ? "\"true\" or \"false\", a tab and results"
                            : "a reply in Lunatik " + f.release() + "'s form, as it did before"));
        }
        if (!reply.ok()) {
            String msg = reply.error();
            throw new KernelException(msg.endsWith("is already running") ? KernelException.EEXIST : KernelException.ECANCELED,
                    KernelException.RUNTIME, msg);
        }
        return reply.values();
    }

    private String exchange(String chunk) throws KernelException {
        return new String(transport.exchange(chunk.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static RuntimeInfo info(String name, String key) {
        return new RuntimeInfo(name, key + ".lua", "", Context.PROCESS, false, RunState.RUNNING, 0, 0, 0, 0, null,
                0, "");
    }
}
