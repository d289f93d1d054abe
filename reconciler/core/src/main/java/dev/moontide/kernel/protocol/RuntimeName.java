package dev.moontide.kernel.protocol;

/**
 * The rule for runtime names on the wire: {@code [A-Za-z0-9_.-]{1,64}}, or {@value #CONTROL}.
 *
 * <p>A name is one word of a command line, so a space or a newline in it would change the
 * request; it is refused before anything is written.
 */
public final class RuntimeName {

    /** The name that stands for the kernel's control runtime in {@code eval}. */
    public static final String CONTROL = "-";

    /** The longest name the kernel accepts. */
    public static final int MAX_LENGTH = 64;

    private RuntimeName() {
    }

    /** Whether {@code name} is a valid runtime name. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException saying what is wrong with it otherwise
     */
    public static String check(String name) {
        if (name == null) {
            throw new NullPointerException("runtime name is null");
        }
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    private static String problem(String name) {
        if (name == null) {
            return "runtime name is null";
        }
        if (name.isEmpty()) {
            return "runtime name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "runtime name is " + name.length() + " characters long, at most " + MAX_LENGTH + " allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowed(c)) {
                return "runtime name \"" + printable(name) + "\" has invalid character " + describe(c)
                        + " at index " + i + "; allowed are A-Z a-z 0-9 _ . -";
            }
        }
        return null;
    }

    private static boolean allowed(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-';
    }

    private static String describe(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    /** The name with control characters escaped, so an error message stays on one line. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
