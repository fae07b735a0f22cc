// What /espace/sous-traitance/ shows: the sub-contracted lines naming one of the SIAE's
// organisations (public.list_siae_subcontracting), and how many still wait for its answer
// (not confirmed, and not yet validated by the facilitator).
import type { PartnerSession } from '../session.ts';

export async function loadSubcontractingPage({ db }: PartnerSession) {
  const lines = (await db.rpc('list_siae_subcontracting')).data ?? [];
  const waiting = lines.filter((l) => l.siae_confirmation !== 'confirmed' && l.status !== 'validated').length;
  return { lines, waiting };
}
