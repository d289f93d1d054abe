package dev.moontide.plan;

import java.util.Objects;

/** One step of a {@link Plan}, with the reason it is needed. */
public sealed interface Action permits Action.InstallFile, Action.RemoveFile, Action.Start, Action.Restart,
        Action.Prune {

    /** The verb, as tables and JSON show it: {@code install}, {@code remove}, {@code start}, {@code restart}, {@code prune}. */
    String verb();

    /** What it acts on: a file path or a runtime name. */
    String target();

    /** Why. */
    String reason();

    /** Writes a file of the revision under the script root (atomically). */
    record InstallFile(String path, String sha256, String reason) implements Action {
        public InstallFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String verb() {
            return "install";
        }

        @Override
        public String target() {
            return path;
        }
    }

    /** Deletes a file the reconciler installed and no runtime of the revision needs. */
    record RemoveFile(String path, String reason) implements Action {
        public RemoveFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String verb() {
            return "remove";
        }

        @Override
        public String target() {
            return path;
        }
    }

    /** Starts a runtime that does not exist in the kernel. */
    record Start(DesiredRuntime runtime, String reason) implements Action {
        public Start {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String verb() {
            return "start";
        }

        @Override
        public String target() {
            return runtime.name();
        }
    }

    /** Stops a runtime and starts it as the revision declares. */
    record Restart(DesiredRuntime runtime, String reason) implements Action {
        public Restart {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String verb() {
            return "restart";
        }

        @Override
        public String target() {
            return runtime.name();
        }
    }

    /** Stops a runtime the revision does not declare (prune is enabled). */
    record Prune(String name, String reason) implements Action {
        public Prune {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String verb() {
            return "prune";
        }

        @Override
        public String target() {
            return name;
        }
    }
}
