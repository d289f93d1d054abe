package dev.moontide.apply;

import java.util.List;

/**
 * The outcome of applying one plan.
 *
 * @param runtimes  per runtime the plan touched, in plan order
 * @param errors    failures that are not one runtime's (a file that could not be written)
 * @param cancelled whether a new revision cut the apply short
 * @param inventory what is applied now
 */
public record ApplyResult(List<RuntimeResult> runtimes, List<String> errors, boolean cancelled, Inventory inventory) {

    public ApplyResult {
        runtimes = List.copyOf(runtimes);
        errors = List.copyOf(errors);
    }

    /** Whether everything in the plan was applied. */
    public boolean ok() {
        return errors.isEmpty() && !cancelled && runtimes.stream().allMatch(RuntimeResult::ok);
    }
}
