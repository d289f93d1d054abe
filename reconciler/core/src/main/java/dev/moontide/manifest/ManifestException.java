package dev.moontide.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** The manifests of a revision are invalid; {@link #errors()} says every way they are. */
public final class ManifestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ManifestError> errors;

    public ManifestException(List<ManifestError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** Each problem found, in a stable order (file, document, then order of discovery). */
    public List<ManifestError> errors() {
        return errors;
    }

    private static String summary(List<ManifestError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ManifestException needs at least one error");
        }
        String first = errors.get(0).toString();
        return errors.size() == 1 ? first
                : errors.size() + " errors:\n" + errors.stream().map(ManifestError::toString)
                        .collect(Collectors.joining("\n"));
    }
}
