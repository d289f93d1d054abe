package dev.moontide.manifest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** Finds dependency cycles, each named once, starting from its smallest name. */
final class Cycles {

    private Cycles() {
    }

    /**
     * The cycles of the graph {@code nodes} → {@code edges}: each as the path
     * {@code [a, b, c, a]}, rotated to start at its smallest name; sorted.
     */
    static List<List<String>> find(Collection<String> nodes, Function<String, List<String>> edges) {
        Map<String, Integer> state = new HashMap<>(); // 1 on the stack, 2 done
        TreeSet<List<String>> cycles = new TreeSet<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
        for (String start : new TreeSet<>(nodes)) {
            visit(start, edges, state, new ArrayList<>(), cycles);
        }
        return new ArrayList<>(cycles);
    }

    private static void visit(String node, Function<String, List<String>> edges, Map<String, Integer> state,
            List<String> stack, TreeSet<List<String>> cycles) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            List<String> loop = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
            int min = loop.indexOf(loop.stream().min(String::compareTo).orElseThrow());
            List<String> rotated = new ArrayList<>(loop.subList(min, loop.size()));
            rotated.addAll(loop.subList(0, min));
            rotated.add(rotated.get(0));
            cycles.add(rotated);
            return;
        }
        state.put(node, 1);
        stack.add(node);
        for (String next : new TreeSet<>(edges.apply(node))) {
            visit(next, edges, state, stack, cycles);
        }
        stack.remove(stack.size() - 1);
        state.put(node, 2);
    }
}
