import { describe, expect, it } from 'vitest';
import { nextVersion, publishWarnings } from '../../src/domain/publish-safeguards.ts';

describe('before publishing a year, the facilitator is warned', () => {
  it('that the year is not over, while it is not', () => {
    expect(publishWarnings({ year: 2026, today: '2026-12-03', publishedVersions: 0, pendingLines: 0 }))
      .toEqual(['L’année 2026 n’est pas terminée : les heures des mois à venir ne seront pas comptées, il faudra publier une nouvelle version.']);
    expect(publishWarnings({ year: 2026, today: '2026-12-31', publishedVersions: 0, pendingLines: 0 })).toEqual([]);
    expect(publishWarnings({ year: 2025, today: '2026-01-05', publishedVersions: 0, pendingLines: 0 })).toEqual([]);
  });

  it('that lines of the year still wait for validation, with the count in French', () => {
    expect(publishWarnings({ year: 2025, today: '2026-02-01', publishedVersions: 0, pendingLines: 1 }))
      .toEqual(['1 ligne d’heures de 2025 attend encore votre validation : elle ne sera pas comptée.']);
    expect(publishWarnings({ year: 2025, today: '2026-02-01', publishedVersions: 0, pendingLines: 34 }))
      .toEqual(['34 lignes d’heures de 2025 attendent encore votre validation : elles ne seront pas comptées.']);
  });

  it('that the year is already published, and which version this one will be', () => {
    expect(nextVersion({ publishedVersions: 0 })).toBe(1);
    expect(nextVersion({ publishedVersions: 2 })).toBe(3);
    expect(publishWarnings({ year: 2025, today: '2026-02-01', publishedVersions: 2, pendingLines: 0 }))
      .toEqual(['L’année 2025 est déjà publiée (version 2) : cette publication créera la version 3, la précédente restera consultable.']);
  });
});
