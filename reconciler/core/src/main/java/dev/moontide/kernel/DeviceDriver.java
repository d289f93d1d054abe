package dev.moontide.kernel;

import dev.moontide.kernel.protocol.MalformedResponseException;
import dev.moontide.kernel.protocol.Request;
import dev.moontide.kernel.protocol.Response;
import dev.moontide.kernel.protocol.ResponseParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** {@link KernelDriver} over control protocol v1: one {@link Transport} exchange per call. */
public final class DeviceDriver implements KernelDriver {

    private final Transport transport;

    public DeviceDriver(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** A driver for {@link ControlDevice#fromEnvironment()}. */
    public static DeviceDriver open() {
        return new DeviceDriver(ControlDevice.fromEnvironment());
    }

    @Override
    public KernelVersion version() throws KernelException {
        Response.VersionInfo v = (Response.VersionInfo) exchange(new Request.Version());
        return new KernelVersion(v.moontide(), v.lua(), v.protocol());
    }

    @Override
    public List<RuntimeInfo> list() throws KernelException {
        return ((Response.RuntimeList) exchange(new Request.ListRuntimes())).runtimes();
    }

    @Override
    public RuntimeInfo run(RunSpec spec) throws KernelException {
        return ((Response.Started) exchange(new Request.Run(spec))).runtime();
    }

    @Override
    public void stop(String name) throws KernelException {
        exchange(new Request.Stop(name));
    }

    @Override
    public List<String> eval(String runtime, String chunk) throws KernelException {
        return ((Response.EvalResults) exchange(new Request.Eval(runtime, chunk))).results();
    }

    /** Sends {@code request}; returns the success response or throws the failure. */
    private Response exchange(Request request) throws KernelException {
        byte[] answer = transport.exchange(request.encode());
        Response response;
        try {
            response = ResponseParser.parse(request, new String(answer, StandardCharsets.UTF_8));
        } catch (MalformedResponseException e) {
            throw new KernelException(0, KernelException.PROTOCOL,
                    "the kernel's answer to " + command(request) + " breaks protocol v1: " + e.getMessage(), e);
        }
        if (response instanceof Response.Failure f) {
            throw new KernelException(f.errno(), f.kind() != null ? f.kind() : kindOf(f.errno()), f.error());
        }
        return response;
    }

    /** The command word of a request, for messages. */
    private static String command(Request request) {
        String wire = request.wire();
        int end = wire.indexOf(' ');
        int nl = wire.indexOf('\n');
        if (nl >= 0 && (end < 0 || nl < end)) {
            end = nl;
        }
        return end < 0 ? wire : wire.substring(0, end);
    }

    /** The kind a failure without one has, by the protocol's table of errno numbers. */
    static String kindOf(int errno) {
        return switch (errno) {
            case KernelException.ENOEXEC -> KernelException.SYNTAX;
            case KernelException.ECANCELED -> KernelException.RUNTIME;
            case KernelException.ENOMEM -> KernelException.MEMORY;
            case KernelException.ETIME -> KernelException.QUOTA;
            case KernelException.EINTR -> KernelException.INTERRUPTED;
            default -> KernelException.REQUEST;
        };
    }
}
