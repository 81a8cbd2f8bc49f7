/**
 * Pieces of documents as sentences: a scorecard line's points, a requirement, an escalation action.
 * The full text rendering (`DocumentText`) and the editors' summaries both use them.
 */
import type { LinePoints, Requirement, ScorecardLine } from '@precept/schema';
import { factLabel, withUnit, type DescribeContext } from '../conditions/describe-condition';
import { findField } from '../conditions/condition-model';

/** How a line's points are counted: "扣 2 分" or "“客户满意率” 低于 95% 的部分，每 1% 扣 2 分，最多 10 分". */
export function describePoints(
  ctx: DescribeContext,
  type: ScorecardLine['type'],
  points: LinePoints,
): string {
  const verb = type === 'deduction' ? ctx.t('text.scorecard.deduct') : ctx.t('text.scorecard.award');
  const n = (value: number) => ctx.format.number(value);
  if (points.mode === 'fixed') return ctx.t('text.scorecard.fixed', { verb, points: n(points.value) });
  const field = ctx.subject ? findField(ctx.subject, points.fact, points.path) : undefined;
  const unit = field?.unit;
  const fact = factLabel(ctx, points.fact, points.path);
  const basis =
    points.below !== undefined
      ? ctx.t('text.scorecard.perUnitBelow', { fact, below: withUnit(n(points.below), unit, ctx.language) })
      : points.above !== undefined
        ? ctx.t('text.scorecard.perUnitAbove', { fact, above: withUnit(n(points.above), unit, ctx.language) })
        : ctx.t('text.scorecard.perUnitPlain', { fact });
  const step = withUnit(n(points.step ?? 1), unit, ctx.language);
  const text = ctx.t('text.scorecard.perUnit', { basis, step, unit: '', verb, points: n(points.value) });
  return points.cap !== undefined ? text + ctx.t('text.scorecard.cap', { cap: n(points.cap) }) : text;
}

/** A requirement of a post as a phrase: "持有证书 POST-CERT（24 个月内有效）". */
export function describeRequirement(ctx: DescribeContext, requirement: Requirement): string {
  const age = (months: number | undefined) =>
    months === undefined ? '' : ctx.t('text.qualification.maxAge', { months: ctx.format.number(months) });
  switch (requirement.type) {
    case 'certificate':
      return (
        ctx.t('text.qualification.certificate', { code: requirement.code }) + age(requirement.maxAgeMonths)
      );
    case 'skillTest':
      return (
        ctx.t('text.qualification.skillTest', { code: requirement.code, level: requirement.minLevel }) +
        age(requirement.maxAgeMonths)
      );
    case 'training':
      return ctx.t('text.qualification.training', { code: requirement.code }) + age(requirement.maxAgeMonths);
    case 'condition':
      return ctx.t('text.qualification.condition');
  }
}
