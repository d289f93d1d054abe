package dev.moontide.manifest;

/**
 * Where a node is in its document, as a chain to its parent. Building one is O(1) and keeps no
 * string: the dotted form ({@code spec.files[1]}) is made only when an error is reported, so a
 * document of long keys over a long list costs no more than its nodes.
 */
record FieldPath(FieldPath parent, String key, int index) {

    static final FieldPath ROOT = new FieldPath(null, null, -1);

    FieldPath child(String name) {
        return new FieldPath(this, name, -1);
    }

    FieldPath item(int i) {
        return new FieldPath(this, null, i);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "";
        }
        String up = parent.toString();
        if (key == null) {
            return up + "[" + index + "]";
        }
        return up.isEmpty() ? key : up + "." + key;
    }
}
