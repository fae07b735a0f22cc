// The view models of the candidatures and market pages (src/server/loaders/candidatures.ts and
// market.ts): what their forms start with and the messages they show, without a database.
import { describe, expect, it } from 'vitest';
import { companyReasons, failureMessage, okMessage } from '../../src/server/loaders/candidatures.ts';
import { marketForms } from '../../src/server/loaders/market.ts';
import type { MarketDetail } from '../../src/domain/market.ts';
import type { FailedForm } from '../../src/server/page-form.ts';

const failure = (name: string, fields: Record<string, string> = {}, values: Record<string, string> = {}): FailedForm =>
  ({ name, message: 'Certains champs sont à corriger.', fields, values, lists: {} });

describe('candidatures page', () => {
  it('shows the first field’s message of a refused decision, an unknown step for a tampered move, else the database’s', () => {
    expect(failureMessage(null)).toBe('');
    expect(failureMessage(failure('decide', { reason: 'Choisissez un motif.' }))).toBe('Choisissez un motif.');
    expect(failureMessage(failure('move', { to: 'Invalid option' }))).toBe('Étape inconnue.');
    expect(failureMessage({ ...failure('move'), message: 'Cette candidature a changé d’état.' })).toBe('Cette candidature a changé d’état.');
  });

  it('has a flash message for each success key only', () => {
    expect(okMessage('1')).toBe('Candidature mise à jour.');
    expect(okMessage('recrute')).toMatch(/^Recrutement enregistré/);
    expect(okMessage(null)).toBeUndefined();
    expect(okMessage('autre')).toBeUndefined();
  });

  it('does not let a company refuse for eligibility', () => {
    expect(companyReasons.map(([code]) => code)).not.toContain('not_eligible');
    expect(companyReasons.length).toBeGreaterThan(0);
  });
});

const market: MarketDetail = {
  id: '50000000-0000-0000-0000-000000000001', title: 'Lot 1', status: 'running', clause_type: 'execution_condition',
  territory_slug: 'dieppe-maritime', buyer_name: 'Acheteur', company_id: null, company_name: null,
  estimated_amount_ht: 1250000.5, labour_share: 0.455, insertion_rate: 0.05, hourly_cost: 30, hours_due: 948, hours_due_overridden: false,
  starts_on: '2026-01-01', ends_on: null, decp_id: null, hours_validated: 0, offers: [],
};

describe('market page forms', () => {
  it('starts the edit form with the market as stored, the French way, hours due only when overridden', () => {
    const forms = marketForms(market, null, null);
    expect(forms.edit).toEqual({
      title: 'Lot 1', clause_type: 'execution_condition', company_id: '', estimated_amount_ht: '1250000,5', labour_share: '45,5',
      insertion_rate: '5', hourly_cost: '30', hours_due: '', starts_on: '2026-01-01', ends_on: '',
    });
    expect(marketForms({ ...market, hours_due_overridden: true }, null, null).edit.hours_due).toBe('948');
    expect(forms.offer).toEqual({ positions: '1', contract_type: 'cdd', publish: 'on' });
    expect(forms.offerKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(forms.summary).toEqual([]);
    expect(forms.okMessage).toBeUndefined();
  });

  it('shows a refused form as typed, keeps its idempotency key and lists the messages by field', () => {
    const key = crypto.randomUUID();
    const forms = marketForms(market, failure('createOffer', { trade: 'Indiquez le métier de l’offre.', place: '' }, { trade: '', idempotency_key: key }), null);
    expect(forms.offer).toEqual({ trade: '', idempotency_key: key });
    expect(forms.offerKey).toBe(key);
    expect(forms.edit.title).toBe('Lot 1');
    expect(forms.summary).toEqual([['trade', 'Indiquez le métier de l’offre.']]);
    expect(marketForms(market, failure('assignParticipant', {}, { participant_id: 'p1' }), null).assignChoice).toBe('p1');
  });

  it('has the flash message of each success key', () => {
    expect(marketForms(market, null, 'retire').okMessage).toMatch(/^Affectation retirée/);
    expect(marketForms(market, null, 'inconnu').okMessage).toBeUndefined();
  });
});
