package dev.moontide.daemon;

import java.util.HashMap;
import java.util.Map;

/** The daemon's test setup, following an unreachable https repository whose URL carries a token. */
public class CredentialUrlResource extends GitRepoResource {

    static final String SECRET = "ghp_s3cr3tT0kenThatMustNeverShow";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("moontide.repo", "https://alice:" + SECRET + "@127.0.0.1:1/ops/kernel.git");
        return config;
    }
}
