// Import of markets from the "données essentielles de la commande publique" (DECP, schema v2,
// DOMAIN.md §13): read a JSON file, keep the markets with a social clause, map them to the
// fields of a market. Pure functions: the page shows the result before anything is created,
// and the SQL function public.import_decp_markets checks the selection again.
import { z } from 'zod';
import { compactSiret, isValidSiret } from './siret.ts';

// The SIRET rules are the value object's (src/domain/siret.ts); re-exported for the DECP callers.
export { isValidSiret } from './siret.ts';

export type MarketKind = 'works' | 'services' | 'supplies';

/** A market as it will be created (the payload of public.import_decp_markets). */
export interface DecpMarket {
  /** Unique key: buyer SIRET + DECP id (the "uid" of the consolidated DECP: an id is unique per buyer only). */
  decp_id: string;
  reference: string;
  title: string;
  cpv_code: string | null;
  market_kind: MarketKind;
  amount_ht: number | null;
  notified_on: string | null;
  starts_on: string | null;
  ends_on: string | null;
  buyer_siret: string;
  company_siret: string | null;
}

export interface DecpPreviewLine {
  market: DecpMarket;
  duration_months: number | null;
  /** French notes shown next to the line (company left empty, other co-holders…). */
  warnings: string[];
}

export interface DecpSkippedLine {
  /** Position of the market in the file, from 1. */
  position: number;
  id: string | null;
  title: string | null;
  /** French reason. */
  reason: string;
}

export type DecpParseResult =
  | { ok: true; total: number; kept: DecpPreviewLine[]; skipped: DecpSkippedLine[] }
  | { ok: false; error: string };

const SOCIAL_CLAUSE = 'clause sociale';
const MAX_AMOUNT = 999_999_999_999;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value that publishers write as one item, an array, or an object wrapping either under `key`. */
function listOf(value: unknown, key: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isObject(value) && key in value) return listOf(value[key], key);
  return [value];
}

/**
 * The markets of a DECP document: `{"marches": [...]}` (consolidated files),
 * `{"marches": {"marche": [...]}}` (schema v2), or `{"marches": {"marche": {...}}}` (one market).
 * Null when the document has none of these shapes.
 */
export function extractMarches(doc: unknown): unknown[] | null {
  if (!isObject(doc)) return null;
  const marches = doc.marches;
  if (Array.isArray(marches)) return marches;
  if (isObject(marches) && 'marche' in marches) return listOf(marches.marche, 'marche');
  return null;
}

/**
 * Whether `considerationsSociales` contains "Clause sociale". Seen in the wild: a string (also
 * "Clause sociale, Critère social"), an array, `{"considerationSociale": [...]}` or
 * `{"considerationSociale": "..."}`.
 */
export function hasSocialClause(value: unknown): boolean {
  return listOf(value, 'considerationSociale').some((item) =>
    typeof item === 'string' && item.split(/[,;|]/).some((part) => part.trim().toLowerCase() === SOCIAL_CLAUSE));
}

/** The holders `{typeIdentifiant, id}`: `[{titulaire: {...}}]` (schema v2), `[{...}]`, or wrapped in `{titulaire: ...}`. */
export function holdersOf(value: unknown): Array<{ typeIdentifiant: string; id: string }> {
  return listOf(value, 'titulaire')
    .map((item) => (isObject(item) && isObject(item.titulaire) ? item.titulaire : item))
    .filter(isObject)
    .map((h) => ({ typeIdentifiant: String(h.typeIdentifiant ?? 'SIRET').trim().toUpperCase(), id: compactSiret(String(h.id ?? '')) }));
}

/** CPV division 45 is works; 03–44 and 48 are supplies; the rest services. */
export function marketKindOfCpv(cpv: string | null): MarketKind {
  const division = cpv && /^\d{2}/.test(cpv) ? Number(cpv.slice(0, 2)) : null;
  if (division === null) return 'works';
  if (division === 45) return 'works';
  if (division < 45 || division === 48) return 'supplies';
  return 'services';
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(value)) return Number(value.trim().replace(',', '.'));
  return null;
}

/** "2024-05-15", also "2024-05-15+02:00" or "2024-05-15T00:00:00Z" (the date part); null when not a real date. */
export function isoDate(value: unknown): string | null {
  const raw = text(value);
  const match = raw ? /^(\d{4})-(\d{2})-(\d{2})/.exec(raw) : null;
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0] ? null : match[0];
}

/** The last day of a market notified on `start` lasting `months` months. */
export function endOf(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  // A 31st plus n months may overflow into the next month: clamp to that month's last day.
  if (end.getUTCDate() !== d) end.setUTCDate(0);
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** Map one DECP market to a market, or the French reason it is left out. */
export function mapMarche(raw: unknown): { market: DecpMarket; duration_months: number | null; warnings: string[] } | { reason: string } {
  if (!isObject(raw)) return { reason: 'Entrée illisible : ce n’est pas un marché.' };
  if (!hasSocialClause(raw.considerationsSociales)) return { reason: 'Pas de « Clause sociale » dans considerationsSociales.' };
  const id = text(raw.id);
  if (!id) return { reason: 'Identifiant du marché (id) absent.' };
  if (id.length > 50) return { reason: 'Identifiant du marché (id) trop long.' };
  const buyer = isObject(raw.acheteur) ? compactSiret(text(raw.acheteur.id) ?? '') || null : null;
  if (!buyer) return { reason: 'SIRET de l’acheteur (acheteur.id) absent.' };
  if (!isValidSiret(buyer)) return { reason: `SIRET de l’acheteur invalide : ${buyer}.` };
  const objet = text(raw.objet)?.replace(/\s+/g, ' ') ?? '';
  if (objet.length < 3) return { reason: 'Objet du marché absent ou trop court.' };

  const warnings: string[] = [];
  const title = objet.length > 300 ? `${objet.slice(0, 299)}…` : objet;
  if (objet.length > 300) warnings.push('Objet tronqué à 300 caractères.');
  const cpv = text(raw.codeCPV);
  const cpvCode = cpv && /^\d{8}(-\d)?$/.test(cpv) ? cpv : null;
  if (cpv && !cpvCode) warnings.push(`Code CPV ignoré (format inattendu) : ${cpv}.`);
  let amount = number(raw.montant);
  if (amount !== null && (amount < 0 || amount > MAX_AMOUNT)) {
    warnings.push('Montant ignoré (hors limites).');
    amount = null;
  }
  const notified = isoDate(raw.dateNotification);
  if (raw.dateNotification !== undefined && !notified) warnings.push('Date de notification illisible : ignorée.');
  const durationRaw = number(raw.dureeMois);
  const duration = durationRaw !== null && Number.isInteger(durationRaw) && durationRaw >= 1 && durationRaw <= 600 ? durationRaw : null;

  const holders = holdersOf(raw.titulaires);
  const first = holders[0];
  let company: string | null = null;
  if (!first) {
    warnings.push('Aucun titulaire : entreprise à désigner.');
  } else if (first.typeIdentifiant !== 'SIRET') {
    warnings.push(`Titulaire identifié par ${first.typeIdentifiant} (${first.id}), pas par un SIRET : entreprise à désigner.`);
  } else if (!isValidSiret(first.id)) {
    warnings.push(`SIRET du titulaire invalide (${first.id}) : entreprise à désigner.`);
  } else {
    company = first.id;
  }
  if (holders.length > 1) warnings.push(`${holders.length - 1} autre(s) titulaire(s) (groupement) non repris : seul le premier est l’entreprise du marché.`);

  return {
    market: {
      decp_id: `${buyer}${id}`,
      reference: id,
      title,
      cpv_code: cpvCode,
      market_kind: marketKindOfCpv(cpvCode),
      amount_ht: amount,
      notified_on: notified,
      starts_on: notified,
      ends_on: notified && duration ? endOf(notified, duration) : null,
      buyer_siret: buyer,
      company_siret: company,
    },
    duration_months: duration,
    warnings,
  };
}

/** Largest file accepted, in bytes (a territory's extract, not the national file). */
export const DECP_MAX_BYTES = 20 * 1024 * 1024;
/** Largest number of markets created in one import. */
export const DECP_MAX_MARKETS = 500;

/** Read a DECP JSON file: the markets to create and the lines left out, with their reason. */
export function parseDecp(content: string): DecpParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: 'Ce fichier n’est pas un JSON valide : téléchargez le fichier DECP au format JSON.' };
  }
  const marches = extractMarches(doc);
  if (!marches) return { ok: false, error: 'Ce fichier ne suit pas le format DECP : la liste « marches » est introuvable.' };
  const kept: DecpPreviewLine[] = [];
  const skipped: DecpSkippedLine[] = [];
  const seen = new Set<string>();
  marches.forEach((raw, index) => {
    const position = index + 1;
    const id = isObject(raw) ? text(raw.id) : null;
    const title = isObject(raw) ? text(raw.objet) : null;
    const mapped = mapMarche(raw);
    if ('reason' in mapped) {
      skipped.push({ position, id, title, reason: mapped.reason });
    } else if (seen.has(mapped.market.decp_id)) {
      skipped.push({ position, id, title, reason: 'Doublon : ce marché figure déjà plus haut dans le fichier.' });
    } else {
      seen.add(mapped.market.decp_id);
      kept.push({ market: mapped.market, duration_months: mapped.duration_months, warnings: mapped.warnings });
    }
  });
  return { ok: true, total: marches.length, kept, skipped };
}

const date = z.iso.date().nullable();
const siret = z.string().refine(isValidSiret, 'SIRET invalide.');

/** One market of the confirmed selection, as posted back by the preview form. */
export const decpMarketSchema = z.object({
  decp_id: z.string().min(15).max(64),
  reference: z.string().min(1).max(50),
  title: z.string().min(3).max(300),
  cpv_code: z.string().regex(/^\d{8}(-\d)?$/).nullable(),
  market_kind: z.enum(['works', 'services', 'supplies']),
  amount_ht: z.number().min(0).max(MAX_AMOUNT).nullable(),
  notified_on: date,
  starts_on: date,
  ends_on: date,
  buyer_siret: siret,
  company_siret: siret.nullable(),
}).refine((m) => !m.starts_on || !m.ends_on || m.ends_on >= m.starts_on, { path: ['ends_on'], message: 'Fin avant le début.' });

export const decpSelectionSchema = z.array(decpMarketSchema)
  .min(1, 'Sélectionnez au moins un marché à créer.')
  .max(DECP_MAX_MARKETS, `Au plus ${DECP_MAX_MARKETS} marchés par import : découpez le fichier.`);

/** The confirmed selection: the markets posted back, restricted to the boxes left ticked. */
export function selectedMarkets(payload: string, ticked: string[]): z.ZodSafeParseResult<DecpMarket[]> {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    data = null;
  }
  const chosen = new Set(ticked);
  const list = Array.isArray(data) ? data.filter((m) => isObject(m) && chosen.has(String(m.decp_id))) : data;
  return decpSelectionSchema.safeParse(list);
}

/** A market of the selection as a plain JSON object (the jsonb argument of public.import_decp_markets). */
export type DecpMarketPayload = Record<keyof DecpMarket, string | number | null>;

/** The selection as the jsonb payload of public.import_decp_markets: the known fields only, in a fixed shape. */
export function importPayload(markets: DecpMarket[]): DecpMarketPayload[] {
  return markets.map((m) => ({
    decp_id: m.decp_id,
    reference: m.reference,
    title: m.title,
    cpv_code: m.cpv_code,
    market_kind: m.market_kind,
    amount_ht: m.amount_ht,
    notified_on: m.notified_on,
    starts_on: m.starts_on,
    ends_on: m.ends_on,
    buyer_siret: m.buyer_siret,
    company_siret: m.company_siret,
  }));
}

/** French reasons returned by public.import_decp_markets for a market it did not create. */
export const importSkipReasons = {
  already_imported: 'déjà importé',
  imported_elsewhere: 'déjà importé par un autre territoire',
  siret_other_territory: 'un SIRET de ce marché appartient à une organisation d’un autre territoire',
  siret_kind_mismatch: 'un SIRET de ce marché appartient à une organisation d’un autre type (par exemple l’acheteur est enregistré comme entreprise)',
} as const satisfies Record<string, string>;
