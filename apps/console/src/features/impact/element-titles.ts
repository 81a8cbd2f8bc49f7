// The elements an impact report names by id (targets, items, lines, requirements, levels, rules,
// scorecard categories), with their titles from the documents of the two versions compared.
import type { LocalizedText, PolicyDocument } from '@precept/schema';

/**
 * Every titled element of a document by its id, a scorecard's categories by their names after its
 * lines (a line's title wins over a category of the same id). A ruleset's rule without a title is
 * left out.
 */
export function elementTitlesOf(document: PolicyDocument): Map<string, LocalizedText> {
  const titled: { id: string; title?: LocalizedText | undefined }[] = [];
  switch (document.kind) {
    case 'standard':
      titled.push(...document.targets);
      break;
    case 'checklist':
      for (const section of document.sections) titled.push(...section.items);
      break;
    case 'scorecard':
      titled.push(...document.lines);
      for (const category of document.categories ?? [])
        titled.push({ id: category.id, title: category.label });
      break;
    case 'qualification':
      for (const post of document.posts) titled.push(...post.requirements);
      break;
    case 'escalation':
      titled.push(...document.levels);
      break;
    case 'ruleset':
      titled.push(...document.rules);
      break;
  }
  const titles = new Map<string, LocalizedText>();
  for (const element of titled) {
    if (element.title !== undefined && !titles.has(element.id)) titles.set(element.id, element.title);
  }
  return titles;
}

/**
 * The title of element `id` in the first of `documents` that names it (the version under review
 * first, so a renamed line reads as it will), or undefined.
 *
 * @example
 * elementTitle('complaints', [draft, inForce]) // { zh: '客户投诉', en: 'Customer complaints' }
 */
export function elementTitle(id: string, documents: readonly PolicyDocument[]): LocalizedText | undefined {
  for (const document of documents) {
    const title = elementTitlesOf(document).get(id);
    if (title !== undefined) return title;
  }
  return undefined;
}
