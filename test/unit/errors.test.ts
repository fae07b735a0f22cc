import { describe, expect, it } from 'vitest';
import { errorResponse, fromDbError } from '../../src/server/errors.ts';

describe('database errors become French messages and HTTP statuses', () => {
  it.each([
    [{ code: '22023', hint: 'hours_invalid' }, 400, 'hours'],
    [{ code: '42501', hint: 'not_market_company' }, 403, undefined],
    [{ code: '55000', hint: 'declaration_validated' }, 409, undefined],
    [{ code: 'P0002', hint: 'declaration_not_found' }, 404, undefined],
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

  it('answers JSON with the field the message belongs to', async () => {
    const response = errorResponse(fromDbError({ code: '22023', hint: 'month_in_future' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'month_in_future', message: 'On ne peut pas déclarer les heures d’un mois à venir.', field: 'month' },
    });
  });
});
