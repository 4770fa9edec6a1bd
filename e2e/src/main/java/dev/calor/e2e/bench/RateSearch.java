package dev.calor.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bracket of the sustainable rate: short constant-rate steps up by a factor until one does not hold (p99
 * publish-to-queryable under 1 s, no growing backlog, nothing refused or left unqueryable), then bisection
 * steps between the last that held and the first that did not. Down by the factor when the first step fails.
 */
final class RateSearch {

    private static final Logger LOG = LoggerFactory.getLogger(RateSearch.class);

    /** Runs one step at a rate. */
    interface Stepper {
        StepResult step(String name, double rate) throws InterruptedException;
    }

    /** @param candidate the highest rate that held, or the lowest tried when none did */
    record Outcome(List<StepResult> steps, double candidate, boolean held) {}

    private RateSearch() {}

    static Outcome run(LoadPlan.Search plan, Stepper stepper) throws InterruptedException {
        List<StepResult> steps = new ArrayList<>();
        double held = Double.NaN;
        double failed = Double.NaN;
        double rate = plan.startRate();
        for (int i = 0; i < plan.maxSteps(); i++) {
            StepResult r = stepper.step("search step " + (steps.size() + 1), rate);
            steps.add(r);
            LOG.info("{}", r.summary());
            if (r.unsustainable().isEmpty()) {
                held = rate;
                if (!Double.isNaN(failed)) {
                    break; // coming down from a failed start: this is the bracket
                }
                rate *= plan.factor();
            } else {
                failed = rate;
                if (!Double.isNaN(held)) {
                    break;
                }
                rate /= plan.factor();
            }
        }
        for (int i = 0; i < plan.bisections() && !Double.isNaN(held) && !Double.isNaN(failed); i++) {
            double mid = Math.sqrt(held * failed);
            StepResult r = stepper.step("search step " + (steps.size() + 1), mid);
            steps.add(r);
            LOG.info("{}", r.summary());
            Optional<String> why = r.unsustainable();
            if (why.isEmpty()) {
                held = mid;
            } else {
                failed = mid;
            }
        }
        boolean any = !Double.isNaN(held);
        return new Outcome(steps, any ? held : rate * plan.factor(), any);
    }
}
