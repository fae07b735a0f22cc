import { describe, expect, it } from 'vitest';
import { formFailure, FIELDS_TO_CORRECT } from '../../src/server/action-errors.ts';
import { jobOfferSchema } from '../../src/domain/partner-forms.ts';

describe('what stops a partner form becomes a French message, a status and messages by field', () => {
  it.each([
    // [database error, status, Astro Actions code, message contains, field]
    [{ code: '22023', hint: 'hours_invalid' }, 400, 'BAD_REQUEST', 'entre 0 et 250', 'hours'],
    [{ code: '42501', hint: 'not_market_company' }, 403, 'FORBIDDEN', 'entreprise titulaire', undefined],
    [{ code: '55000', hint: 'market_closed' }, 409, 'CONFLICT', 'Ce marché est clos', undefined],
    [{ code: '22023', hint: 'offer_trade_required' }, 422, 'UNPROCESSABLE_CONTENT', 'métier de l’offre', 'trade'],
    // A form naming an item the caller cannot see: 422 by the form, not the site's 404 page.
    [{ code: 'P0002', hint: 'declaration_not_found' }, 422, 'UNPROCESSABLE_CONTENT', 'Cette déclaration est introuvable.', undefined],
    [{ code: '42501', message: 'permission denied for function close_market' }, 403, 'FORBIDDEN', 'pas le droit', undefined],
    [{ code: '08006', message: 'connection failure' }, 503, 'SERVICE_UNAVAILABLE', 'momentanément indisponible', undefined],
  ])('%o answers %i (%s)', (error, status, code, message, field) => {
    const failure = formFailure(error);
    expect(failure).toMatchObject({ status, code });
    expect(failure.message).toContain(message);
    expect(failure.fields).toEqual(field ? { [field]: failure.message } : {});
  });

  it('an unknown database error says nothing of its English detail', () => {
    expect(formFailure({ code: 'XX000', message: 'internal error: relation app.secret' }).message).not.toMatch(/relation|internal/);
  });

  it('a failed parse of the shared schema answers 422 with the first French message of each field', () => {
    const parsed = jobOfferSchema.safeParse({ idempotency_key: crypto.randomUUID(), trade: '', place: 'D', contract_type: 'cdd', positions: '120' });
    expect(parsed.success).toBe(false);
    const failure = formFailure(parsed.error!);
    expect(failure).toMatchObject({ status: 422, code: 'UNPROCESSABLE_CONTENT', message: FIELDS_TO_CORRECT });
    expect(failure.fields).toEqual({
      trade: 'Indiquez le métier de l’offre.', place: 'Indiquez le lieu de travail.', positions: 'Postes : entre 1 et 99.',
    });
  });
});
