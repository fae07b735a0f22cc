// Import of markets from the "données essentielles de la commande publique" (DECP, schema v2,
// DOMAIN.md §13): read a JSON or XML file (src/domain/decp-document.ts), leave out the
// concession contracts, apply each market's modifications, keep the markets with a social
// clause, map them to the fields of a market. Pure functions: the page shows the result before
// anything is created, and the SQL function public.import_decp_markets checks the selection again.
import { z } from 'zod';
import { readDecpDocument, type DecpFormat } from './decp-document.ts';
import { formatDecimal } from './format.ts';
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

/** What the market's `modifications` changed, shown in the preview. */
export interface DecpAmendment {
  /** Number of modifications in the file. */
  count: number;
  /** Notification date of the last one (dateNotificationModification). */
  last_notified_on: string | null;
  amount_changed: boolean;
  duration_changed: boolean;
  holders_changed: boolean;
  /** French, one per change: the initial value and the one after the modifications. */
  changes: string[];
}

export interface DecpPreviewLine {
  market: DecpMarket;
  /** After the modifications. */
  duration_months: number | null;
  /** French notes shown next to the line (company left empty, other co-holders…). */
  warnings: string[];
  /** Null when the market has no modification. */
  amendment: DecpAmendment | null;
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
  | {
    ok: true;
    format: DecpFormat;
    /** Markets read (concession contracts not counted). */
    total: number;
    kept: DecpPreviewLine[];
    skipped: DecpSkippedLine[];
    /** Concession contracts left out: they are not imported. */
    concessions: number;
    /** French: what in the file is not valid JSON and was read anyway (NaN, trailing commas). */
    irregularities: string[];
  }
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

/** The keys under which the DECP files put concession contracts (schema v2, XML, consolidated files). */
const CONCESSION_KEYS = ['contrat-concession', 'contrats-concession', 'contratConcession', 'concessions', 'concession'] as const;

function concessionsUnder(value: Json): number {
  return CONCESSION_KEYS.reduce((n, key) => n + (key in value ? listOf(value[key], key).length : 0), 0);
}

/**
 * A concession contract in a list of markets (schema 1.x and consolidated files mix them):
 * `_type` « Contrat de concession », a conceding authority instead of a buyer, or a nature
 * « Concession de travaux / de service », « Délégation de service public ».
 */
export function isConcession(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  if (/concession/i.test(text(raw._type) ?? '')) return true;
  if ('autoriteConcedante' in raw && !('acheteur' in raw)) return true;
  return /^(concession|délégation de service public)/i.test(text(raw.nature) ?? '');
}

/**
 * The markets of a DECP document and the number of concession contracts left out:
 * `{"marches": [...]}` (consolidated files, schema 1.x), `{"marches": {"marche": [...]}}` (schema
 * v2, JSON or XML `<marches><marche>`), `{"marches": {"marche": {...}}}` (one market), `{"marche":
 * {...}}` (an XML file of one market); concessions under `contrat-concession` (schema v2),
 * `contrats-concession` or `concessions`, or mixed in the list. Null when the document has none
 * of these shapes. Positions count from 1 in the file's list of markets.
 */
export function extractEntries(doc: unknown): { markets: Array<{ raw: unknown; position: number }>; concessions: number } | null {
  if (!isObject(doc)) return null;
  const marches = doc.marches;
  let list: unknown[] | null = null;
  let concessions = concessionsUnder(doc);
  if (Array.isArray(marches)) list = marches;
  else if (isObject(marches)) {
    concessions += concessionsUnder(marches);
    if ('marche' in marches) list = listOf(marches.marche, 'marche');
    else if (concessions > 0) list = [];
  } else if (isObject(doc.marche)) list = [doc.marche];
  else if (concessions > 0) list = [];
  if (!list) return null;
  const markets: Array<{ raw: unknown; position: number }> = [];
  list.forEach((raw, index) => {
    if (isConcession(raw)) concessions += 1;
    else markets.push({ raw, position: index + 1 });
  });
  return { markets, concessions };
}

/** The markets of a DECP document, concessions left out; null when it is not one. */
export function extractMarches(doc: unknown): unknown[] | null {
  return extractEntries(doc)?.markets.map((m) => m.raw) ?? null;
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

export function number(value: unknown): number | null {
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

/**
 * A market's modifications in their order. The schema (2.0.3, `Modification`): « id … doit être
 * unique au sein d'un marché public et former une séquence croissante correspondant à l'ordre de
 * notification des modifications »; `montant` is « Nouveau montant », `dureeMois` « Nouvelle
 * durée, en mois », `titulaires` « Liste des titulaires après la modification ». Sorted by id
 * when every modification has a distinct numeric one, otherwise kept in the file's order.
 */
export function modificationsOf(value: unknown): Json[] {
  const list = listOf(value, 'modification')
    .map((item) => (isObject(item) && isObject(item.modification) ? item.modification : item))
    .filter(isObject);
  const numbered = list.map((m) => ({ m, id: number(m.id) }));
  const sortable = numbered.every((n) => n.id !== null) && new Set(numbered.map((n) => n.id)).size === list.length;
  return sortable ? numbered.sort((a, b) => (a.id ?? 0) - (b.id ?? 0)).map(({ m }) => m) : list;
}

const validDuration = (value: number | null) => (value !== null && Number.isInteger(value) && value >= 1 && value <= 600 ? value : null);
const euros = (value: number | null) => (value === null ? 'non renseigné' : `${formatDecimal(value)} €`);
const months = (value: number | null) => (value === null ? 'non renseignée' : `${value} mois`);
const holderList = (holders: Array<{ id: string }>) => (holders.length === 0 ? 'aucun' : holders.map((h) => h.id).join(', '));

/**
 * The amount, duration and holders after the modifications, in order (the latest wins), what
 * changed, and French warnings for a modification whose new value cannot be read.
 */
export function applyModifications(raw: Json): {
  amount: unknown; duration: unknown; holders: Array<{ typeIdentifiant: string; id: string }>; amendment: DecpAmendment | null; warnings: string[];
} {
  const initial = { amount: raw.montant, duration: raw.dureeMois, holders: holdersOf(raw.titulaires) };
  const current = { ...initial };
  const warnings: string[] = [];
  const modifications = modificationsOf(raw.modifications);
  modifications.forEach((m, index) => {
    const which = `Modification ${text(m.id) ?? index + 1}`;
    if (m.montant !== undefined && m.montant !== null) {
      if (number(m.montant) === null) warnings.push(`${which} : nouveau montant illisible (${String(m.montant)}), ignoré.`);
      else current.amount = m.montant;
    }
    if (m.dureeMois !== undefined && m.dureeMois !== null) {
      if (validDuration(number(m.dureeMois)) === null) warnings.push(`${which} : nouvelle durée illisible (${String(m.dureeMois)}), ignorée.`);
      else current.duration = m.dureeMois;
    }
    const holders = holdersOf(m.titulaires);
    if (holders.length > 0) current.holders = holders;
  });
  if (modifications.length === 0) return { ...current, amendment: null, warnings };

  const [amountBefore, amountAfter] = [number(initial.amount), number(current.amount)];
  const [durationBefore, durationAfter] = [validDuration(number(initial.duration)), validDuration(number(current.duration))];
  const amountChanged = amountBefore !== amountAfter;
  const durationChanged = durationBefore !== durationAfter;
  const holdersChanged = holderList(initial.holders) !== holderList(current.holders);
  const changes: string[] = [];
  if (amountChanged) changes.push(`Montant : ${euros(amountBefore)} à l’origine, ${euros(amountAfter)} après modification.`);
  if (durationChanged) changes.push(`Durée : ${months(durationBefore)} à l’origine, ${months(durationAfter)} après modification.`);
  if (holdersChanged) changes.push(`Titulaire(s) : ${holderList(initial.holders)} à l’origine, ${holderList(current.holders)} après modification.`);
  const dates = modifications.map((m) => isoDate(m.dateNotificationModification)).filter((d): d is string => d !== null).sort();
  return {
    ...current,
    amendment: {
      count: modifications.length,
      last_notified_on: dates.at(-1) ?? null,
      amount_changed: amountChanged,
      duration_changed: durationChanged,
      holders_changed: holdersChanged,
      changes,
    },
    warnings,
  };
}

/** Map one DECP market to a market (its modifications applied), or the French reason it is left out. */
export function mapMarche(raw: unknown): DecpPreviewLine | { reason: string } {
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

  const amended = applyModifications(raw);
  const warnings: string[] = [];
  const title = objet.length > 300 ? `${objet.slice(0, 299)}…` : objet;
  if (objet.length > 300) warnings.push('Objet tronqué à 300 caractères.');
  const cpv = text(raw.codeCPV);
  const cpvCode = cpv && /^\d{8}(-\d)?$/.test(cpv) ? cpv : null;
  if (cpv && !cpvCode) warnings.push(`Code CPV ignoré (format inattendu) : ${cpv}.`);
  let amount = number(amended.amount);
  if (amount === null && amended.amount !== undefined && amended.amount !== null && amended.amount !== '') {
    warnings.push(`Montant illisible (${String(amended.amount)}) : ignoré.`);
  }
  if (amount !== null && (amount < 0 || amount > MAX_AMOUNT)) {
    warnings.push('Montant ignoré (hors limites).');
    amount = null;
  }
  const notified = isoDate(raw.dateNotification);
  if (raw.dateNotification !== undefined && !notified) warnings.push('Date de notification illisible : ignorée.');
  const duration = validDuration(number(amended.duration));
  if (duration === null && amended.duration !== undefined && amended.duration !== null && amended.duration !== '') {
    warnings.push(`Durée illisible (${String(amended.duration)}) : ignorée.`);
  }
  warnings.push(...amended.warnings);

  const holders = amended.holders;
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
    amendment: amended.amendment,
  };
}

/** Largest file accepted, in bytes (a territory's extract, not the national file). */
export const DECP_MAX_BYTES = 20 * 1024 * 1024;
/** Largest number of markets created in one import. */
export const DECP_MAX_MARKETS = 500;

/** « 2 contrats de concession ». */
export function concessionCount(n: number): string {
  return `${n} contrat${n > 1 ? 's' : ''} de concession`;
}

/** Read a DECP file (JSON or XML): the markets to create and the lines left out, with their reason. */
export function parseDecp(content: string): DecpParseResult {
  const read = readDecpDocument(content);
  if (!read.ok) return read;
  const entries = extractEntries(read.doc);
  if (!entries) return { ok: false, error: 'Ce fichier ne suit pas le format DECP : la liste « marches » est introuvable.' };
  if (entries.markets.length === 0 && entries.concessions > 0) {
    return {
      ok: false,
      error: `Ce fichier ne contient aucun marché public, seulement ${concessionCount(entries.concessions)} : les concessions ne sont pas importées.`,
    };
  }
  const kept: DecpPreviewLine[] = [];
  const skipped: DecpSkippedLine[] = [];
  const seen = new Set<string>();
  entries.markets.forEach(({ raw, position }) => {
    const id = isObject(raw) ? text(raw.id) : null;
    const title = isObject(raw) ? text(raw.objet) : null;
    const mapped = mapMarche(raw);
    if ('reason' in mapped) {
      skipped.push({ position, id, title, reason: mapped.reason });
    } else if (seen.has(mapped.market.decp_id)) {
      skipped.push({ position, id, title, reason: 'Doublon : ce marché figure déjà plus haut dans le fichier.' });
    } else {
      seen.add(mapped.market.decp_id);
      kept.push(mapped);
    }
  });
  return {
    ok: true, format: read.format, total: entries.markets.length, kept, skipped, concessions: entries.concessions, irregularities: read.irregularities,
  };
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
