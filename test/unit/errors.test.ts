import { describe, expect, it } from 'vitest';
import { errorResponse, fromDbError } from '../../src/server/errors.ts';

describe('database errors become French messages and HTTP statuses', () => {
  it.each([
    [{ code: '22023', hint: 'hours_invalid' }, 400, 'hours'],
    [{ code: '42501', hint: 'not_market_company' }, 403, undefined],
    [{ code: '55000', hint: 'declaration_validated' }, 409, undefined],
    [{ code: 'P0002', hint: 'declaration_not_found' }, 404, undefined],
    [{ code: 'PT404', hint: 'declaration_not_found' }, 404, undefined],
    [{ code: 'PT409', hint: 'declaration_validated' }, 409, undefined],
    [{ code: 'PT404', hint: 'a_key_the_app_does_not_know' }, 404, undefined],
    [{ code: 'PT409', hint: 'a_key_the_app_does_not_know' }, 409, undefined],
  ])('a known key %o maps to %i', (error, status, field) => {
    const mapped = fromDbError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.field).toBe(field);
    expect(mapped.message).toMatch(/[a-zé]/);
  });

  it('falls back on the SQLSTATE class, in French', () => {
    expect(fromDbError({ code: '42501', message: 'permission denied for function list_markets' })).toMatchObject({
      status: 403, message: 'Vous n’avez pas le droit de faire cette action.',
    });
    expect(fromDbError({ code: '23514', message: 'check constraint' }).status).toBe(400);
  });

  it('never exposes an unknown database message to the user', () => {
    const mapped = fromDbError({ code: 'XX000', message: 'internal detail about table app.participants' });
    expect(mapped.status).toBe(503);
    expect(mapped.message).not.toContain('participants');
  });

  it('answers a statement cancelled by its timeout (57014) with the French 503, without its detail', () => {
    const mapped = fromDbError({ code: '57014', message: 'canceling statement due to statement timeout' });
    expect(mapped).toEqual({
      status: 503, code: 'unavailable', message: 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
    });
  });

  it('answers JSON with the field the message belongs to', async () => {
    const response = errorResponse(fromDbError({ code: '22023', hint: 'month_in_future' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'month_in_future', message: 'On ne peut pas déclarer les heures d’un mois à venir.', field: 'month' },
    });
  });
});

describe('territory settings: each refusal of public.update_territory_settings has its French message on its field', () => {
  it.each([
    ['territory_description_too_long', 'description'],
    ['facilitator_contact_name_too_long', 'facilitator_contact_name'],
    ['facilitator_contact_email_invalid', 'facilitator_contact_email'],
    ['facilitator_contact_phone_invalid', 'facilitator_contact_phone'],
    ['logo_url_invalid', 'logo_url'],
    ['color_primary_invalid', 'color_primary'],
    ['color_accent_invalid', 'color_accent'],
    ['disclosure_threshold_too_low', 'disclosure_threshold'],
    ['disclosure_threshold_invalid', 'disclosure_threshold'],
    ['company_min_count_too_low', 'company_min_count'],
    ['company_min_count_invalid', 'company_min_count'],
    ['company_max_share_too_high', 'company_max_share'],
    ['company_max_share_invalid', 'company_max_share'],
    ['candidature_expiry_days_invalid', 'candidature_expiry_days'],
    ['parcours_max_months_invalid', 'parcours_max_months'],
    ['subcontracting_labour_share_invalid', 'subcontracting_labour_share'],
    ['subcontracting_hourly_cost_invalid', 'subcontracting_hourly_cost'],
    ['cdi_counted_months_invalid', 'cdi_counted_months'],
    ['retention_candidate_months_invalid', 'retention_candidate_months'],
    ['retention_participant_months_invalid', 'retention_participant_months'],
    ['retention_log_months_invalid', 'retention_log_months'],
  ])('%s → 422 on %s', (hint, field) => {
    const mapped = fromDbError({ code: '22023', hint });
    expect(mapped).toMatchObject({ status: 422, code: hint, field });
    expect(mapped.message).not.toBe('Une valeur saisie n’est pas valide.');
    expect(mapped.message).toMatch(/[a-zé]/);
  });

  it('says why lowering K is refused', () => {
    expect(fromDbError({ code: '22023', hint: 'disclosure_threshold_too_low' }).message)
      .toBe('Le seuil K ne peut pas être inférieur à 11 personnes (règle de secret statistique de l’Insee) : vous pouvez le relever, pas l’abaisser.');
  });

  it('a caller who does not facilitate the territory gets 403', () => {
    expect(fromDbError({ code: '42501', hint: 'not_territory_facilitator' })).toMatchObject({
      status: 403, message: 'Cette action est réservée aux facilitateurs du territoire.',
    });
  });
});

describe('an error about one hour line names it', () => {
  const details = JSON.stringify({ person: 'Léa Martin', month: '2026-10-01', market: 'EPR2 Penly — lot 1 (démo)' });

  it('puts the person, the month and the market before the message', () => {
    expect(fromDbError({ code: '55000', hint: 'review_siae_pending', details })).toMatchObject({
      status: 409,
      message: 'Ligne de Léa Martin, octobre 2026 (EPR2 Penly — lot 1 (démo)) — la SIAE n’a pas encore confirmé ce montant : la ligne ne peut pas être validée. Attendez sa confirmation, ou refusez la ligne pour que l’entreprise la corrige.',
    });
  });

  it('keeps the message alone without a line, or with a detail that is not one', () => {
    const alone = fromDbError({ code: '55000', hint: 'eligibility_unchecked' }).message;
    expect(alone).toMatch(/^L’éligibilité de cette personne n’est pas encore vérifiée/);
    expect(fromDbError({ code: '55000', hint: 'eligibility_unchecked', details: 'Key (id)=(x) already exists.' }).message).toBe(alone);
    expect(fromDbError({ code: '55000', hint: 'eligibility_unchecked', details: '{"person": 1}' }).message).toBe(alone);
  });
});
