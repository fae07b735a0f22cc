// The withdrawal link of the acknowledgement e-mail (src/server/withdrawal.ts): a signature of
// the reference that only the server can make, checked before anything is read or changed.
import { describe, expect, it } from 'vitest';
import { withdrawalKey, withdrawalKeyValid } from '../../src/server/withdrawal.ts';
import { renderMail } from '../../src/domain/mail-templates.ts';

const SECRET = 'a-server-only-key-of-at-least-twenty-chars';

describe('the withdrawal key', () => {
  it('is stable for a reference, URL-safe, and differs with the reference or the secret', () => {
    const key = withdrawalKey('CS-2026-0A1B2C3D', SECRET);
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(withdrawalKey('CS-2026-0A1B2C3D', SECRET)).toBe(key);
    expect(withdrawalKey('CS-2026-0A1B2C3E', SECRET)).not.toBe(key);
    expect(withdrawalKey('CS-2026-0A1B2C3D', `${SECRET}!`)).not.toBe(key);
  });

  it('is accepted only for its own reference, whole and unchanged', () => {
    const key = withdrawalKey('CS-2026-0A1B2C3D', SECRET);
    expect(withdrawalKeyValid('CS-2026-0A1B2C3D', key, SECRET)).toBe(true);
    expect(withdrawalKeyValid('CS-2026-0A1B2C3E', key, SECRET)).toBe(false);
    expect(withdrawalKeyValid('CS-2026-0A1B2C3D', key.slice(0, -1), SECRET)).toBe(false);
    expect(withdrawalKeyValid('CS-2026-0A1B2C3D', `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, SECRET)).toBe(false);
    expect(withdrawalKeyValid('CS-2026-0A1B2C3D', '', SECRET)).toBe(false);
  });
});

describe('the acknowledgement e-mail', () => {
  it('carries the withdrawal link when the worker gives one, and reads well without it', () => {
    const payload = { reference: 'CS-2026-0A1B2C3D', territory: 'Dieppe-Maritime', offer: 'Maçon·ne', submitted_by: 'candidate' };
    const withLink = renderMail('candidature_acknowledgement', { ...payload, withdraw_url: 'https://clauses.example/candidature/retrait/?reference=CS-2026-0A1B2C3D&cle=x' });
    expect(withLink.text).toContain('vous pouvez retirer cette candidature à tout moment :\nhttps://clauses.example/candidature/retrait/?reference=CS-2026-0A1B2C3D&cle=x');
    expect(renderMail('candidature_acknowledgement', payload).text).not.toContain('retirer');
  });
});
