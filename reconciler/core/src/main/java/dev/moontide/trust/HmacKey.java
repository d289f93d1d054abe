package dev.moontide.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Reads an alert destination's HMAC key from a file or an environment variable, never from an argument. */
public final class HmacKey {

    private HmacKey() {
    }

    /**
     * The key from {@code file} (its content without the final newline) or from the variable
     * {@code env}; empty when neither is named.
     *
     * @throws IllegalArgumentException if both are named, the file cannot be read, or the key is empty
     */
    public static Optional<String> read(String destination, Optional<Path> file, Optional<String> env,
            Function<String, String> getenv) {
        if (file.isPresent() && env.isPresent()) {
            throw new IllegalArgumentException("alert destination " + destination
                    + ": name its HMAC key by hmac-key-file or by hmac-key-env, not both");
        }
        String key;
        if (file.isPresent()) {
            try {
                key = Files.readString(file.get(), StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new IllegalArgumentException("alert destination " + destination + ": cannot read its HMAC key file "
                        + file.get() + ": " + e.getMessage(), e);
            }
        } else if (env.isPresent()) {
            key = getenv.apply(env.get());
        } else {
            return Optional.empty();
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("alert destination " + destination + ": its HMAC key ("
                    + file.map(Path::toString).orElseGet(() -> "$" + env.get()) + ") is empty or unset");
        }
        return Optional.of(key);
    }
}
