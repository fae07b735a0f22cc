// A candidate withdraws without an account (DOMAIN.md §7): the acknowledgement e-mail carries a
// signed link (written by the outbox worker, src/server/outbox.ts), and the service-role-only
// public.withdraw_candidature closes the candidature once, logged as the person's step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { drainOutbox } from '../../src/server/outbox.ts';
import { readLocalMails } from '../../src/server/mailer.ts';
import { withdrawalLinkValid } from '../../src/server/withdrawal.ts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { demoCandidature } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
const seeded = demoCandidature;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
});
afterAll(async () => { await local.close(); });

describe('the acknowledgement e-mail', () => {
  it('links to the withdrawal page of the site, signed for this reference only', async () => {
    // Hugo's spontaneous candidature (6) is acknowledged again, as the worker would do it.
    await local.db.query(`insert into app.outbox (template, recipient, payload)
      values ('candidature_acknowledgement', 'hugo.demo@exemple.test', '{"reference": "CS-2026-DEMO0006", "territory": "Dieppe-Maritime", "submitted_by": "candidate"}')`);
    const since = new Date().toISOString();
    await drainOutbox(100, 'https://clauses.example.org');
    const mails = await readLocalMails();
    const mail = mails.find((m) => m.to === 'hugo.demo@exemple.test' && m.at >= since);
    const link = new URL(/https:\/\/clauses\.example\.org\/candidature\/retrait\/\S+/.exec(mail?.text ?? '')?.[0] ?? 'about:blank');
    expect(link.searchParams.get('reference')).toBe('CS-2026-DEMO0006');
    expect(withdrawalLinkValid('CS-2026-DEMO0006', link.searchParams.get('cle') ?? '')).toBe(true);
    expect(withdrawalLinkValid('CS-2026-DEMO0004', link.searchParams.get('cle') ?? '')).toBe(false);
  });
});

describe('withdrawing', () => {
  it('closes a waiting candidature once, logged as the person’s step', async () => {
    const first = await local.service().rpc('withdraw_candidature', { p_reference: 'CS-2026-DEMO0006' });
    expect(first.data).toEqual([{ status: 'withdrawn', withdrawn: true }]);
    const again = await local.service().rpc('withdraw_candidature', { p_reference: 'CS-2026-DEMO0006' });
    expect(again.data).toEqual([{ status: 'withdrawn', withdrawn: false }]);
    const { rows } = await local.db.query(`select from_status, to_status, reason, actor_user_id from app.candidature_transitions
      where candidature_id = $1 and to_status = 'withdrawn'`, [seeded(6)]);
    expect(rows).toEqual([{ from_status: 'received', to_status: 'withdrawn', reason: 'self_withdrawal', actor_user_id: null }]);
    // The facilitator sees it closed in the pipeline.
    const { data } = await facilitator.rpc('list_candidatures');
    expect((data as Array<{ id: string; status: string }>).find((c) => c.id === seeded(6))?.status).toBe('withdrawn');
  });

  it('leaves a closed candidature as it is, and says an unknown reference is unknown', async () => {
    expect((await local.service().rpc('withdraw_candidature', { p_reference: 'CS-2026-DEMO0007' })).data).toEqual([{ status: 'declined', withdrawn: false }]);
    expect((await local.service().rpc('withdraw_candidature', { p_reference: 'CS-2026-FFFFFFFF' })).error?.hint).toBe('candidature_not_found');
  });

  it('is for the signed link only: neither a visitor nor a partner may call it', async () => {
    for (const client of [local.anon(), facilitator]) {
      expect((await client.rpc('withdraw_candidature', { p_reference: 'CS-2026-DEMO0004' })).error?.code).toBe('42501');
    }
    expect((await local.db.query(`select status from app.candidatures where id = $1`, [seeded(4)])).rows).toEqual([{ status: 'received' }]);
  });
});
