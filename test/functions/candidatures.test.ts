// The candidature function called as Netlify runs it: its exported handler with a real
// Request, against the embedded database behind the local Supabase stand-in (no mocks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import handler from '../../netlify/functions/candidatures.mts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { resetServerEnv } from '../../src/server/env.ts';
import { aCandidatureForm, minimalPdf, post } from './candidature-form.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let offerId: string;
let closedOfferId: string;

beforeAll(async () => {
  local = await useLocalSupabase();
  resetServerEnv();
  offerId = (await local.db.query<{ id: string }>(`select id from app.job_offers where status = 'published' order by trade limit 1`)).rows[0]!.id;
  closedOfferId = (await local.db.query<{ id: string }>(`update app.job_offers set status = 'closed' where id = (select id from app.job_offers where status = 'published' order by trade desc limit 1) returning id`)).rows[0]!.id;
});
afterAll(async () => { await local.close(); });

async function count(table: string): Promise<number> {
  return (await local.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
}

describe('a valid candidature', () => {
  it('is stored with its log entry and two e-mails, and answers its reference', async () => {
    const before = { c: await count('app.candidatures'), t: await count('app.candidature_transitions'), o: await count('app.outbox') };
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId })));
    expect(response.status).toBe(201);
    const body = await response.json() as { reference: string };
    expect(body.reference).toMatch(/^CS-\d{4}-[0-9A-F]{8}$/);
    expect(await count('app.candidatures')).toBe(before.c + 1);
    expect(await count('app.candidature_transitions')).toBe(before.t + 1);
    expect(await count('app.outbox')).toBe(before.o + 2);
    const stored = await local.db.query<{ eligibility: string[]; status: string }>(`select eligibility, status from app.candidatures where reference = $1`, [body.reference]);
    expect(stored.rows[0]).toEqual({ eligibility: ['rsa', 'deld'], status: 'received' });
  });

  it('without JavaScript, redirects (303) to the confirmation page with the reference', async () => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId }), false));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/candidature-envoyee\/\?reference=CS-/);
  });

  it('from a prescriber, sends the acknowledgement to the prescriber', async () => {
    const response = await handler(post(aCandidatureForm({
      job_offer_id: offerId, mode: 'prescriber', email: '', prescriber_organisation: 'Mission locale (démo)',
      prescriber_name: 'Conseiller Démo', prescriber_email: 'Conseiller@Demo.test',
    })));
    expect(response.status).toBe(201);
    const { reference } = await response.json() as { reference: string };
    const mail = await local.db.query<{ recipient: string }>(`select recipient from app.outbox where template = 'candidature_acknowledgement' and payload->>'reference' = $1`, [reference]);
    expect(mail.rows).toEqual([{ recipient: 'conseiller@demo.test' }]);
  });

  it('from a prescriber signed in to the partner space, is followed there; signed out or as a candidate, it is not', async () => {
    const prescriber = await local.signIn('prescripteur@demo.test');
    const token = (await prescriber.auth.getSession()).data.session!.access_token;
    const withCookie = (form: FormData, cookie: string): Request => {
      const request = post(form);
      request.headers.set('cookie', `cs_csrf=x; cs_access=${cookie}`);
      return request;
    };
    const asPrescriber = (lastName: string) => aCandidatureForm({
      job_offer_id: offerId, mode: 'prescriber', last_name: lastName, prescriber_organisation: 'Mission locale (démo)',
      prescriber_name: 'Conseiller Démo', prescriber_email: 'prescripteur@demo.test',
    });
    const followed = await handler(withCookie(asPrescriber('Démo-Suivie'), token));
    expect(followed.status).toBe(201);
    const forged = await handler(withCookie(asPrescriber('Démo-Jeton-Faux'), 'not-a-token'));
    expect(forged.status).toBe(201);
    const candidate = await handler(withCookie(aCandidatureForm({ job_offer_id: offerId, last_name: 'Démo-Candidate' }), token));
    expect(candidate.status).toBe(201);

    const { data, error } = await prescriber.rpc('list_candidatures');
    expect(error).toBeNull();
    const mine = (data as Array<{ last_name: string; status: string; log: unknown[] }>).filter((c) => c.last_name.startsWith('Démo-'));
    expect(mine.map((c) => c.last_name)).toEqual(['Démo-Suivie']);
    expect(mine[0]).toMatchObject({ status: 'received', log: [expect.objectContaining({ to_status: 'received' })] });
  });

  it('as a spontaneous application to a territory', async () => {
    const response = await handler(post(aCandidatureForm({ territory: 'alpes-sud-isere' })));
    expect(response.status).toBe(201);
  });

  it('with a real PDF CV, stores the file privately', async () => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, cv: minimalPdf })));
    expect(response.status).toBe(201);
    const { reference } = await response.json() as { reference: string };
    const stored = await local.db.query<{ cv_path: string }>(`select cv_path from app.candidatures where reference = $1`, [reference]);
    expect(stored.rows[0]?.cv_path).toMatch(/^[0-9a-f-]{36}\.pdf$/);
  });
});

describe('exactly once', () => {
  it('a replayed submission returns the same reference and stores nothing new', async () => {
    const form = aCandidatureForm({ job_offer_id: offerId });
    const first = await (await handler(post(form))).json() as { reference: string };
    const before = { c: await count('app.candidatures'), o: await count('app.outbox') };
    const replay = await handler(post(form));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ reference: first.reference, replayed: true });
    expect(await count('app.candidatures')).toBe(before.c);
    expect(await count('app.outbox')).toBe(before.o);
  });

  it('the same key with another payload is refused (422)', async () => {
    const key = crypto.randomUUID();
    expect((await handler(post(aCandidatureForm({ job_offer_id: offerId, idempotency_key: key })))).status).toBe(201);
    const reused = await handler(post(aCandidatureForm({ job_offer_id: offerId, idempotency_key: key, first_name: 'Dominique' })));
    expect(reused.status).toBe(422);
    expect((await reused.json() as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
  });
});

describe('bad input gets its own French message and a 4xx', () => {
  it.each([
    ['first_name', { first_name: '' }, 'Indiquez le prénom.'],
    ['last_name', { last_name: '   ' }, 'Indiquez le nom.'],
    ['commune', { commune: '' }, 'Indiquez la commune de résidence.'],
    ['email', { email: 'pas-une-adresse' }, 'Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).'],
    ['email', { email: '', phone: '' }, 'Indiquez une adresse e-mail ou un numéro de téléphone pour être recontacté.'],
    ['phone', { phone: '12' }, 'Ce numéro de téléphone n’est pas valide (exemple : 06 12 34 56 78).'],
    ['eligibility', { eligibility: ['nir'] }, 'Critère inconnu.'],
    ['notice_acknowledged', { notice_acknowledged: undefined }, 'Confirmez avoir pris connaissance de l’information sur vos données.'],
    ['prescriber_email', { mode: 'prescriber', prescriber_organisation: 'France Travail', prescriber_name: 'X' }, 'Indiquez votre adresse e-mail professionnelle.'],
    ['mode', { mode: 'robot' }, 'Indiquez si vous postulez pour vous-même ou pour une personne que vous accompagnez.'],
    ['message', { message: 'x'.repeat(2001) }, '2000 caractères au maximum.'],
  ])('%s: %o', async (field, overrides, message) => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, ...overrides })));
    expect(response.status).toBe(422);
    const body = await response.json() as { fields: Record<string, string> };
    expect(body.fields[field]).toBe(message);
  });

  it('an unknown (forged) offer id', async () => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: crypto.randomUUID() })));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'offer_not_found', message: 'Cette offre n’existe pas.' } });
  });

  it('a closed offer', async () => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: closedOfferId })));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'offer_closed' } });
  });

  it('a CV that is not a PDF, whatever its name says', async () => {
    const fake = new Blob([new TextEncoder().encode('MZ\x90\x00 not a pdf at all')], { type: 'application/pdf' });
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, cv: fake })));
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ fields: { cv: 'Le CV doit être un fichier PDF.' } });
  });

  it('a body over the size limit', async () => {
    const big = new Blob([new Uint8Array(6 * 1024 * 1024)], { type: 'application/pdf' });
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, cv: big })));
    expect(response.status).toBe(413);
  });

  it('a wrong content type', async () => {
    const response = await handler(new Request('http://localhost/api/candidatures', {
      method: 'POST', body: JSON.stringify({ first_name: 'X' }), headers: { 'content-type': 'application/json', accept: 'application/json' },
    }));
    expect(response.status).toBe(415);
  });

  it('the honeypot field filled in', async () => {
    const before = await count('app.candidatures');
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, website: 'http://spam.example' })));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'spam_suspected' } });
    expect(await count('app.candidatures')).toBe(before);
  });

  it('a submission faster than a person can fill the form', async () => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, started_at: String(Date.now()) })));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'too_fast' } });
  });

  it('without JavaScript, an error is a French page with a link back to the form', async () => {
    const response = await handler(post(aCandidatureForm({ job_offer_id: offerId, first_name: '' }), false));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('lang="fr"');
    expect(html).toContain('Indiquez le prénom.');
  });
});

describe('row-level security on candidatures', () => {
  it('anon can create a candidature only through the function, and read none back', async () => {
    const anon = local.anon();
    const direct = await anon.from('candidatures').select('*');
    expect(direct.error).not.toBeNull();
    const viaSchema = await anon.schema('app').from('candidatures').select('*');
    expect(viaSchema.error).not.toBeNull();
    const rows = await local.db.transaction(async (tx) => {
      await tx.exec(`set local role anon`);
      try {
        return (await tx.query(`select * from app.candidatures`)).rows.length;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    });
    expect(rows).toBe('42501');
  });
});
