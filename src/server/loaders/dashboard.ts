// What /espace/ shows: for a facilitator, the territory's dashboard (public.facilitator_dashboard);
// for the other roles, their markets, and what waits for a company or an SIAE, each with the
// page where it is done; for a new territory's facilitator, the checklist of its first steps.
import { facilitatorDashboardSchema, startChecklist, type ChecklistItem, type FacilitatorDashboard } from '../../domain/dashboard.ts';
import type { PartnerSession } from '../session.ts';
import { parseRpc, type DbErrorLike } from '../errors.ts';
import { listMarkets } from '../partner-lists.ts';

export interface Todo {
  count: number;
  text: string;
  href: string;
}

export async function loadDashboard(session: PartnerSession, today: string) {
  const { db } = session;
  const role = session.current?.role;
  let dashboard: FacilitatorDashboard | null = null;
  let error: DbErrorLike | null = null;
  let checklist: ChecklistItem[] | null = null;
  if (role === 'facilitator') {
    const [board, start] = await Promise.all([db.rpc('facilitator_dashboard', { p_today: today }), db.rpc('territory_start_checklist')]);
    ({ data: dashboard, error } = parseRpc('facilitator_dashboard', facilitatorDashboardSchema, board));
    checklist = startChecklist((start.data ?? []).find((t) => t.territory_slug === session.current?.territory_slug));
  }
  const markets = role !== 'facilitator' && role !== 'admin' ? ((await listMarkets(db)).data ?? []) : [];
  const todo: Todo[] = [];
  if (role === 'company') {
    const [files, rejected] = await Promise.all([db.rpc('list_company_candidatures'), db.rpc('list_declarations', { p_status: 'rejected' })]);
    todo.push(
      { count: (files.data ?? []).filter((c) => c.status === 'sent_to_company').length, text: 'candidatures transmises à décider', href: '/espace/candidatures/' },
      { count: (rejected.data ?? []).length, text: 'lignes d’heures refusées à corriger', href: '/espace/declarations/?statut=rejected' },
    );
  }
  if (role === 'siae') {
    const lines = (await db.rpc('list_siae_subcontracting')).data ?? [];
    todo.push({ count: lines.filter((l) => l.siae_confirmation === 'pending' && l.status !== 'validated').length, text: 'montants de sous-traitance à confirmer', href: '/espace/sous-traitance/' });
  }
  return { dashboard, error, markets, todo, checklist };
}
