// The market form's rules between fields (src/domain/partner-forms.ts): hours due typed, or
// computed from the four sizing figures (a missing one is named), or not communicated; an end of
// execution before its start is refused with both dates in the message.
import { describe, expect, it } from 'vitest';
import { marketEditSchema } from '../../src/domain/partner-forms.ts';

const form = (overrides: Record<string, string> = {}) => ({
  title: 'Arques-la-Bataille — lot 1 (démo)', clause_type: 'execution_condition', company_id: '',
  estimated_amount_ht: '2760000', labour_share: '50', insertion_rate: '5', hourly_cost: '30', hours_due: '',
  starts_on: '2024-09-01', ends_on: '2026-12-31', ...overrides,
});
const errors = (input: Record<string, string>) => {
  const parsed = marketEditSchema.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe('the market form', () => {
  it('accepts the four sizing figures, or none (hours due not communicated), or hours due typed alone', () => {
    expect(errors(form())).toEqual({});
    expect(errors(form({ estimated_amount_ht: '', labour_share: '', insertion_rate: '', hourly_cost: '' }))).toEqual({});
    expect(errors(form({ estimated_amount_ht: '', labour_share: '', insertion_rate: '', hourly_cost: '', hours_due: '1 200' }))).toEqual({});
  });

  it('names each sizing figure missing when some are typed and the hours due are not', () => {
    expect(errors(form({ labour_share: '', hourly_cost: '' }))).toEqual({
      labour_share: 'Pour calculer les heures dues, indiquez aussi la part de main-d’œuvre, ou saisissez directement les heures dues.',
      hourly_cost: 'Pour calculer les heures dues, indiquez aussi le coût horaire chargé, ou saisissez directement les heures dues.',
    });
  });

  it('refuses an end of execution before its start, naming both dates, and accepts the same day', () => {
    expect(errors(form({ starts_on: '2027-09-01', ends_on: '2027-06-30' }))).toEqual({
      ends_on: 'La fin d’exécution (30/06/2027) est avant le début (01/09/2027) : corrigez l’une des deux dates.',
    });
    expect(errors(form({ starts_on: '2027-06-30', ends_on: '2027-06-30' }))).toEqual({});
  });
});

describe('the market form with a field already refused', () => {
  it('does not compare dates that are not dates, nor name sizing figures when one typed is invalid', () => {
    expect(errors(form({ starts_on: 'a'.repeat(1000), ends_on: '2027-06-30' }))).toEqual({ starts_on: 'Date de début invalide.' });
    expect(Object.keys(errors(form({ labour_share: 'abc', hourly_cost: '' })))).toEqual(['labour_share']);
  });
});
