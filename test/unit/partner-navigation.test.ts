import { describe, expect, it } from 'vitest';
import { roleAllowed, sectionOf } from '../../src/domain/partner-navigation.ts';

describe('one table of partner sections decides who opens what', () => {
  it.each([
    ['/espace/marches/', 'buyer', true],
    ['/espace/marches/1b5e0c4a-0000-0000-0000-000000000000/', 'company', true],
    ['/espace/marches/', 'siae', false],
    ['/espace/publier/', 'company', false],
    ['/espace/publier', 'facilitator', true],
    ['/espace/declarer/', 'company', true],
    ['/espace/declarer/import/', 'facilitator', false],
    ['/espace/participants/abc/', 'prescriber', false],
    ['/espace/sous-traitance/', undefined, false],
    // The dashboard adapts to the role; pages outside the sections check for themselves.
    ['/espace/', undefined, true],
    ['/espace/interdit/', 'siae', true],
    ['/espace/export/participants.csv', 'company', true],
    // A CV belongs to the candidatures section: a role without candidatures does not reach it.
    ['/espace/candidatures/cv/70000000-0000-0000-0000-000000000001/', 'buyer', false],
  ])('%s for %s: %s', (path, role, allowed) => {
    expect(roleAllowed(path, role)).toBe(allowed);
  });

  it('a path belongs to its longest section', () => {
    expect(sectionOf('/espace/declarer/import/')?.label).toBe('Importer un mois (Excel, CSV)');
    expect(sectionOf('/espace/declarer/')?.label).toBe('Déclarer des heures');
  });
});
