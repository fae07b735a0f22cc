// What the facilitator is told before publishing a year: publishing is public and permanent (a
// new publication is a new version; the earlier ones stay online), so the page says which
// version this will be, and warns when the year is not over or lines of the year still wait
// for validation (they would not be counted). Pure: today and the counts are given.

export interface PublishContext {
  year: number;
  /** Today in Paris, YYYY-MM-DD. */
  today: string;
  /** Versions of this year already published (0 if none). */
  publishedVersions: number;
  /** Lines of hours of this year submitted and not yet validated or refused. */
  pendingLines: number;
}

/** The version the publication will create: the next one after those already published. */
export function nextVersion(context: Pick<PublishContext, 'publishedVersions'>): number {
  return context.publishedVersions + 1;
}

/** The warnings to read before publishing, in French; empty when there is nothing to warn about. */
export function publishWarnings(context: PublishContext): string[] {
  const warnings: string[] = [];
  if (context.today < `${context.year}-12-31`) {
    warnings.push(`L’année ${context.year} n’est pas terminée : les heures des mois à venir ne seront pas comptées, il faudra publier une nouvelle version.`);
  }
  if (context.pendingLines > 0) {
    const lines = context.pendingLines === 1 ? '1 ligne d’heures' : `${context.pendingLines} lignes d’heures`;
    const rest = context.pendingLines === 1 ? 'attend encore votre validation : elle ne sera pas comptée' : 'attendent encore votre validation : elles ne seront pas comptées';
    warnings.push(`${lines} de ${context.year} ${rest}.`);
  }
  if (context.publishedVersions > 0) {
    warnings.push(`L’année ${context.year} est déjà publiée (version ${context.publishedVersions}) : cette publication créera la version ${nextVersion(context)}, la précédente restera consultable.`);
  }
  return warnings;
}
