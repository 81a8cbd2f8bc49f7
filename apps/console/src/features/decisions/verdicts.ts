// The verdicts of a policy (an outcome in one word, as the decision log filters by it) in words:
// a scorecard's grade by its label, an escalation level by its title, met / not met, passed /
// failed, qualified / not qualified; a ruleset's event type as it is (it has no label).
import { verdictsOf, type LocalizedText, type PolicyDocument } from '@precept/schema';
import type { TFunction } from 'i18next';

/** One option of the verdict filter. */
export interface VerdictOption {
  value: string;
  label: string;
}

/** What labelling needs: the translation and the half of a localized text the reader reads. */
export interface VerdictWords {
  t: TFunction;
  pick: (text: LocalizedText) => string;
}

/** The label of `verdict` in `document`, or undefined when the document does not name it. */
function labelIn(document: PolicyDocument, verdict: string, { t, pick }: VerdictWords): string | undefined {
  switch (document.kind) {
    case 'standard':
      return verdict === 'met' ? t('outcome.met') : verdict === 'not-met' ? t('outcome.notMet') : undefined;
    case 'checklist':
      return verdict === 'passed'
        ? t('outcome.passed')
        : verdict === 'failed'
          ? t('outcome.notPassed')
          : undefined;
    case 'qualification':
      return verdict === 'qualified'
        ? t('outcome.qualified')
        : verdict === 'not-qualified'
          ? t('outcome.notQualified')
          : undefined;
    case 'scorecard': {
      if (verdict === 'no-grade') return t('verdicts.noGrade');
      const band = document.grades.find((g) => g.grade === verdict);
      return band ? `${pick(band.label)} (${band.grade})` : undefined;
    }
    case 'escalation': {
      if (verdict === 'none') return t('verdicts.noLevel');
      const level = document.levels.find((l) => l.id === verdict);
      return level ? pick(level.title) : undefined;
    }
    case 'ruleset':
      if (verdict === 'none') return t('verdicts.noEvent');
      return document.rules.some((rule) => rule.event.type.slice(0, 100) === verdict) ? verdict : undefined;
  }
}

/**
 * The label of a verdict by the documents of a policy's versions, newest first: the newest version
 * that names it labels it (a grade renamed later reads as it does now); a verdict no version
 * names reads as itself.
 */
export function verdictLabel(
  verdict: string,
  documents: readonly PolicyDocument[],
  words: VerdictWords,
): string {
  for (const document of documents) {
    const label = labelIn(document, verdict, words);
    if (label !== undefined) return label;
  }
  return verdict;
}

/**
 * Every verdict the versions' outcomes can have, labelled: the newest version's in its order (best
 * first), then those only older versions know.
 *
 * @example
 * verdictOptions([v2.document, v1.document], { t, pick })
 * // [{ value: 'A', label: '优秀 (A)' }, …, { value: 'no-grade', label: '无等级' }]
 */
export function verdictOptions(documents: readonly PolicyDocument[], words: VerdictWords): VerdictOption[] {
  const values = [...new Set(documents.flatMap((document) => verdictsOf(document)))];
  // "No grade", "no level", "no event" close the list whichever version names them.
  const isNone = (value: string) => value === 'no-grade' || value === 'none';
  values.sort((a, b) => Number(isNone(a)) - Number(isNone(b)));
  return values.map((value) => ({ value, label: verdictLabel(value, documents, words) }));
}
