package dev.moontide.apply;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.plan.DesiredRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether a runtime just started is healthy: it is {@code running} (or {@code finished}, for a
 * spawned function that returned), and its device node exists and its TCP port accepts
 * connections, if the manifest asks for them, within {@code health.timeoutSeconds}.
 */
public class HealthCheck {

    /** How a wait ended. */
    public sealed interface Outcome permits Healthy, Unhealthy, Cancelled {
    }

    public record Healthy() implements Outcome {
    }

    public record Unhealthy(String why) implements Outcome {
    }

    /** A new revision arrived while waiting: stop and plan afresh. */
    public record Cancelled() implements Outcome {
    }

    private final long pollMillis;

    public HealthCheck(long pollMillis) {
        this.pollMillis = pollMillis;
    }

    /** Waits until {@code d} is healthy, its timeout passes, or {@code cancelled} says so. */
    public Outcome await(KernelDriver driver, DesiredRuntime d, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + d.spec().health().timeoutSeconds() * 1_000_000_000L;
        String why;
        while (true) {
            why = problem(driver, d).orElse(null);
            if (why == null) {
                return new Healthy();
            }
            if (why.startsWith("failed") || why.startsWith("not in the kernel")) {
                return new Unhealthy(why); // no waiting turns these around
            }
            if (cancelled.getAsBoolean()) {
                return new Cancelled();
            }
            if (System.nanoTime() >= deadline) {
                return new Unhealthy(why + " after " + d.spec().health().timeoutSeconds() + " s");
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Cancelled();
            }
        }
    }

    /** What is wrong with {@code d} right now, or empty if nothing is. */
    protected Optional<String> problem(KernelDriver driver, DesiredRuntime d) {
        RuntimeInfo info;
        try {
            info = driver.list().stream().filter(r -> r.name().equals(d.name())).findFirst().orElse(null);
        } catch (KernelException e) {
            return Optional.of("cannot list runtimes: " + e.getMessage());
        }
        if (info == null) {
            return Optional.of("not in the kernel any more");
        }
        if (info.state() == RunState.FAILED) {
            return Optional.of("failed: " + info.failure().orElse("no error recorded"));
        }
        if (info.state() == RunState.STOPPING) {
            return Optional.of("being stopped");
        }
        String device = d.spec().health().device();
        if (device != null && !Files.exists(Path.of(device))) {
            return Optional.of("device " + device + " does not exist");
        }
        Integer port = d.spec().health().tcpPort();
        if (port != null && !accepts(port)) {
            return Optional.of("TCP port " + port + " does not accept connections");
        }
        return Optional.empty();
    }

    protected boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
