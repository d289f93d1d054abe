package dev.moontide.daemon;

import dev.moontide.kernel.FakeKernel;
import io.quarkus.test.Mock;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The kernel for daemon tests: the shared {@link FakeKernel}, reading scripts from the daemon's script root. */
@Mock
@Singleton
public class InMemoryKernel extends FakeKernel {

    @Inject
    public InMemoryKernel(@ConfigProperty(name = "moontide.script-root") String scriptRoot) {
        super(Path.of(scriptRoot));
    }
}
