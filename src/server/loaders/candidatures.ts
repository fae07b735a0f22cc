// What /espace/candidatures/ shows: for a company, the files transmitted to it
// (public.list_company_candidatures: no eligibility fact, no contact detail), those waiting for
// its decision apart from those decided; for the other roles, the candidatures they follow, the
// open ones grouped by offer (with the next steps a facilitator may take) apart from the closed
// ones; for both, the link to the CV the caller may download and until when a decision is
// expected before the candidature expires (DOMAIN.md §7); the flash message or the message of a
// refused step or decision.
import { formatDate } from '../../domain/format.ts';
import { refusalReasonLabels } from '../../domain/labels.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';

/** The reasons a company may give: eligibility is the facilitator's business, not the company's. */
export const companyReasons = Object.entries(refusalReasonLabels).filter(([code]) => code !== 'not_eligible');

const OK_MESSAGES: Record<string, string> = {
  '1': 'Candidature mise à jour.',
  eligibilite: 'Vérification d’éligibilité enregistrée : elle passera au dossier du participant à l’embauche.',
  recrute: 'Recrutement enregistré : la personne devient participante de votre marché, le facilitateur le voit dans le suivi de la candidature.',
  'non-retenu': 'Décision enregistrée : la candidature n’est pas retenue, le facilitateur le voit dans le suivi de la candidature.',
};

/** The flash message of a step or decision that succeeded (`?ok=`), if any. */
export const okMessage = (ok: string | null): string | undefined => OK_MESSAGES[ok ?? ''];

/** A refused step or decision: the first field's message (the forms are buttons of a list), or the database's. */
export function failureMessage(failed: FailedForm | null): string {
  if (!failed) return '';
  const fieldMessage = Object.values(failed.fields)[0];
  return failed.name === 'move' && fieldMessage ? 'Étape inconnue.' : fieldMessage ?? failed.message;
}

const OPEN_STATUSES = ['received', 'in_review', 'shortlisted', 'sent_to_company'];

/** The facilitator's next step from each open status (declining and withdrawal are always offered). */
const NEXT_STEPS: Record<string, Array<{ to: string; text: string }>> = {
  received: [{ to: 'in_review', text: 'Mettre à l’étude' }],
  in_review: [{ to: 'shortlisted', text: 'Présélectionner' }],
  shortlisted: [{ to: 'sent_to_company', text: 'Transmettre à l’entreprise' }],
  sent_to_company: [{ to: 'hired', text: 'Embauche confirmée' }],
};

export async function loadCandidaturesPage(session: PartnerSession, isCompany: boolean) {
  const { db } = session;
  const companyFiles = isCompany ? ((await db.rpc('list_company_candidatures')).data ?? []) : [];
  const candidatures = isCompany ? [] : ((await db.rpc('list_candidatures')).data ?? []);
  const listedIds = [...companyFiles.map((c) => c.id), ...candidatures.map((c) => c.id)];
  const [cv, expiries] = listedIds.length > 0
    ? await Promise.all([db.rpc('candidatures_with_cv', { p_ids: listedIds }), db.rpc('candidature_expiry_dates', { p_ids: listedIds })])
    : [{ data: [] }, { data: [] }];
  const withCv = new Set<string>(cv.data ?? []);
  const expiry = new Map((expiries.data ?? []).map((e) => [e.id, formatDate(e.expires_at)]));
  /** Each candidature with the link to its CV (null without one) and the date it expires without a decision. */
  const shown = <C extends { id: string }>(c: C) => ({
    ...c, cvHref: withCv.has(c.id) ? `/espace/candidatures/cv/${c.id}/` : null, expiresOn: expiry.get(c.id),
  });
  const files = companyFiles.map(shown);
  const followed = candidatures.map(shown);
  const open = followed.filter((c) => OPEN_STATUSES.includes(c.status)).map((c) => ({ ...c, steps: NEXT_STEPS[c.status] ?? [] }));
  /** The pipeline by offer (spontaneous candidatures together), offers with the newest candidature first. */
  const byOffer = new Map<string, { key: string; title: string; items: typeof open }>();
  for (const c of open) {
    const key = c.offer_id ?? 'spontaneous';
    const group = byOffer.get(key) ?? { key, title: c.offer_trade ? `${c.offer_trade}${c.market_title ? ` — ${c.market_title}` : ''}` : 'Candidatures spontanées', items: [] };
    group.items.push(c);
    byOffer.set(key, group);
  }
  return {
    toDecide: files.filter((c) => c.status === 'sent_to_company'),
    decided: files.filter((c) => c.status !== 'sent_to_company'),
    open,
    groups: [...byOffer.values()],
    closed: followed.filter((c) => !OPEN_STATUSES.includes(c.status)),
  };
}
