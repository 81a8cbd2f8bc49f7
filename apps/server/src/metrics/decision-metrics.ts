// Decisions by policy and version, counted around the evaluation service rather than inside it:
// the service stays about evaluating, and a decision is counted only once it was made (and, with
// the decision log on, committed) — the policy key and version then name a published version, so
// no caller can invent label values.
import type { EvaluationService } from '../features/evaluation/evaluation.service.js';
import type { ServerMetrics } from './metrics.js';

/**
 * The evaluation service, counting into `precept_decisions_total`: each decision made here
 * (`source="server"`, per successful batch item too) and each decision a local evaluator reported
 * (`source="local"`, retried duplicates included).
 */
export function withDecisionMetrics(
  evaluation: EvaluationService,
  metrics: ServerMetrics,
): EvaluationService {
  return {
    ...evaluation,
    async evaluate(actor, request) {
      const result = await evaluation.evaluate(actor, request);
      metrics.countDecisions(result.policyKey, result.version, 'server');
      return result;
    },
    async evaluateBatch(actor, request) {
      const output = await evaluation.evaluateBatch(actor, request);
      for (const item of output.results) {
        if (item.ok) metrics.countDecisions(item.decision.policyKey, item.decision.version, 'server');
      }
      return output;
    },
    async report(actor, decisions) {
      const outcome = await evaluation.report(actor, decisions);
      for (const decision of decisions) metrics.countDecisions(decision.policyKey, decision.version, 'local');
      return outcome;
    },
  };
}
