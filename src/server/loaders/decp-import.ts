// What /espace/import-decp/ shows after reading a file (src/actions/decp.ts): each market to
// create with its buyer and company as they will be, found by SIRET among the territory's
// organisations (public.find_organisations_by_siret): existing, to be created under the name
// « Acheteur SIRET … » / « Titulaire SIRET … », or registered with another kind (the market
// will then be skipped by public.import_decp_markets).
import type { DecpPreviewLine } from '../../domain/decp.ts';
import type { DecpPreview } from '../../domain/decp-import.ts';
import { label, organisationKindLabels } from '../../domain/labels.ts';
import type { DbErrorLike } from '../errors.ts';
import type { PartnerSession } from '../session.ts';

export interface OrganisationShown {
  text: string;
  created: boolean;
  mismatch: string;
}

export interface DecpPreviewRow extends DecpPreviewLine {
  buyer: OrganisationShown;
  company: OrganisationShown;
}

type Known = Map<string, { name: string; kind: string }>;

function organisation(known: Known, siret: string | null, role: 'Acheteur' | 'Titulaire'): OrganisationShown {
  if (!siret) return { text: 'à désigner', created: false, mismatch: '' };
  const found = known.get(siret);
  if (!found) return { text: `${role} SIRET ${siret}`, created: true, mismatch: '' };
  const expected = role === 'Acheteur' ? ['buyer'] : ['company', 'siae'];
  const mismatch = expected.includes(found.kind) ? ''
    : `ce SIRET est enregistré dans la catégorie « ${label(organisationKindLabels, found.kind)} » : ce marché ne sera pas créé`;
  return { text: found.name, created: false, mismatch };
}

/** The preview's rows, or the error of the organisations' look-up. */
export async function loadDecpPreview(session: PartnerSession, preview: DecpPreview): Promise<{ rows: DecpPreviewRow[]; error: DbErrorLike | null }> {
  const sirets = [...new Set(preview.kept.flatMap((l) => [l.market.buyer_siret, l.market.company_siret ?? '']).filter(Boolean))];
  const known: Known = new Map();
  if (sirets.length > 0) {
    const { data, error } = await session.db.rpc('find_organisations_by_siret', { p_territory_slug: session.current?.territory_slug ?? '', p_sirets: sirets });
    if (error) return { rows: [], error };
    for (const o of data ?? []) known.set(o.siret, { name: o.name, kind: o.kind });
  }
  const rows = preview.kept.map((l) => ({
    ...l, buyer: organisation(known, l.market.buyer_siret, 'Acheteur'), company: organisation(known, l.market.company_siret, 'Titulaire'),
  }));
  return { rows, error: null };
}
