// What /espace/candidatures/ shows: for a company, the files transmitted to it
// (public.list_company_candidatures: no eligibility fact, no contact detail); for the other
// roles, the candidatures they follow; for both, which have a CV the caller may download and
// until when a decision is expected before the candidature expires (DOMAIN.md §7).
import { formatDate } from '../../domain/format.ts';
import type { PartnerSession } from '../session.ts';

export async function loadCandidaturesPage(session: PartnerSession, isCompany: boolean) {
  const { db } = session;
  const companyFiles = isCompany ? ((await db.rpc('list_company_candidatures')).data ?? []) : [];
  const candidatures = isCompany ? [] : ((await db.rpc('list_candidatures')).data ?? []);
  const listedIds = [...companyFiles.map((c) => c.id), ...candidatures.map((c) => c.id)];
  const [cv, expiries] = listedIds.length > 0
    ? await Promise.all([db.rpc('candidatures_with_cv', { p_ids: listedIds }), db.rpc('candidature_expiry_dates', { p_ids: listedIds })])
    : [{ data: [] }, { data: [] }];
  return {
    companyFiles,
    candidatures,
    withCv: new Set<string>(cv.data ?? []),
    expiry: new Map((expiries.data ?? []).map((e) => [e.id, formatDate(e.expires_at)])),
  };
}
