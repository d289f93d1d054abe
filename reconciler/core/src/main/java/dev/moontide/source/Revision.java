package dev.moontide.source;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One commit of the source, checked out (as plain files, without {@code .git}) on local disk.
 *
 * @param commit  the full commit id
 * @param ref     the ref it was resolved from ({@code main}, {@code v1.2}, or the commit itself)
 * @param tree    the folder holding the commit's files
 * @param time    the commit time
 * @param subject the first line of the commit message
 */
public record Revision(String commit, String ref, Path tree, Instant time, String subject) {

    public Revision {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
    }

    /** {@code main@sha1:0123456789ab}, the form Flux shows. */
    public String display() {
        return ref + "@sha1:" + commit.substring(0, Math.min(12, commit.length()));
    }
}
