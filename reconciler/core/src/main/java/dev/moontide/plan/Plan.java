package dev.moontide.plan;

import java.util.List;
import java.util.function.Predicate;

/**
 * The ordered actions that take the actual state to the desired one, and notes on what the plan
 * deliberately leaves alone (an undeclared runtime while prune is off, a refused empty prune).
 */
public record Plan(List<Action> actions, List<String> notes) {

    public Plan {
        actions = List.copyOf(actions);
        notes = List.copyOf(notes);
    }

    /** Whether nothing needs doing: the kernel and the files are in sync. */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** This plan with one more note. */
    public Plan withNote(String note) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(note);
        return new Plan(actions, n);
    }

    /** The actions {@code keep} accepts, in the same order; the notes stay. */
    public Plan filter(Predicate<Action> keep) {
        return new Plan(actions.stream().filter(keep).toList(), notes);
    }
}
