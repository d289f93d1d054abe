package dev.moontide.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes, ages and tables as the command prints and reads them. */
final class Format {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kKmMgG])(i?B)?|B)?");

    private Format() {
    }

    /**
     * A size in bytes from {@code 65536}, {@code 64K}, {@code 16M}, {@code 1G} (binary units;
     * {@code k}, {@code KiB}, {@code MB} mean the same).
     *
     * @throws IllegalArgumentException if it is none of these, or over 2^62 bytes
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 65536, 64K, 16M, 1G)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            default -> 30;
        };
        if (Long.numberOfLeadingZeros(n) <= shift + 1) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return n << shift;
    }

    /** {@code 512B}, {@code 24K}, {@code 1.5M}, {@code 16M}, {@code 1G}: binary units, one decimal below 10. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        int u = 0;
        double v = bytes / 1024.0;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        String n = v < 10 && Math.abs(v - Math.rint(v)) >= 0.05 ? String.format(Locale.ROOT, "%.1f", v)
                : String.valueOf(Math.round(v));
        if (n.equals("1024") && u < units.length() - 1) {
            n = "1";
            u++;
        }
        return n + units.charAt(u);
    }

    /** {@code 0s}, {@code 45s}, {@code 12m03s}, {@code 3h07m}, {@code 2d04h}. */
    static String age(long ns) {
        long s = Math.max(0, ns) / 1_000_000_000L;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    /** The first 12 hex digits of a sha256, as {@code git} shortens hashes. */
    static String shortSha(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }

    /** Left-aligned columns two spaces apart; the last column is not padded. */
    static List<String> table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(width[i] - row.get(i).length() + 2));
                }
            }
            out.add(line.toString());
        }
        return out;
    }

    /** A text on one line: control characters escaped, so that one error stays one line. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
