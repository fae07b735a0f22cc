// The JSON shape of the facilitator's dashboard as `public.facilitator_dashboard` returns it,
// checked when it is read: running markets, lines waiting for validation, markets with nothing
// declared for last month, candidatures to study, exits at 6 or 12 months due within 30 days.
import { z } from 'zod';

export const facilitatorDashboardSchema = z.object({
  markets: z.array(z.object({
    id: z.string(),
    title: z.string(),
    company: z.string().nullable(),
    hours_due: z.number().nullable(),
    hours_validated: z.number(),
    status: z.string(),
  })),
  declarations_waiting: z.number(),
  late: z.array(z.object({ market_id: z.string(), title: z.string(), company: z.string().nullable(), month: z.string() })),
  candidatures_waiting: z.number(),
  exits_due: z.array(z.object({ participant_id: z.string(), name: z.string(), milestone: z.string(), due_on: z.string() })),
});

export type FacilitatorDashboard = z.infer<typeof facilitatorDashboardSchema>;

/** A territory's first steps as `public.territory_start_checklist` returns them, one row per territory. */
export interface StartChecklistRow {
  territory_slug: string;
  territory_name: string;
  contact_set: boolean;
  rules_reviewed: boolean;
  has_organisations: boolean;
  has_market: boolean;
}

export interface ChecklistItem {
  text: string;
  href: string;
  done: boolean;
}

/**
 * The checklist of a new territory on its facilitator's dashboard, each item with the page where
 * it is done; null once every item is done (the territory has started).
 */
export function startChecklist(row: StartChecklistRow | undefined): ChecklistItem[] | null {
  if (!row) return null;
  const items: ChecklistItem[] = [
    { text: 'Renseigner le contact du service de facilitation, affiché sur le site public', href: '/espace/parametres/', done: row.contact_set },
    { text: 'Revoir les paramètres de règles du territoire (seuil K, sous-traitance, durées de conservation…) et les enregistrer', href: '/espace/parametres/', done: row.rules_reviewed },
    { text: 'Ajouter les premières organisations : acheteurs, entreprises, SIAE, prescripteurs', href: '/espace/organisations/', done: row.has_organisations },
    { text: 'Créer le premier marché avec une clause sociale', href: '/espace/marches/#nouveau', done: row.has_market },
  ];
  return items.every((item) => item.done) ? null : items;
}
