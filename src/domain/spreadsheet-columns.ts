// The spreadsheets handed to people (issue 13): each sheet is a list of columns — French title,
// width in characters, kind of cell, and the getter of its value — shared by the .xlsx writer
// (src/server/xlsx.ts) and the CSV writer (toSpreadsheetCsv below), so both files carry the same
// French titles and the French label of every code (src/domain/labels.ts).
import {
  candidatureStatusLabels, clauseTypeLabels, declarationStatusLabels, eligibilityLabels, exitMilestoneCodeLabels,
  exitSituationLabels, label, qualificationLevelLabels, realisationModeLabels, transitionReasonLabels,
} from './labels.ts';
import type { PersonData } from './person-data.ts';

/**
 * text: as it is; integer / decimal: a number (hours, counts); euros: an amount; date: an ISO date
 * (or timestamp, its day kept); month: the first day of a month, shown as the month.
 */
export type CellKind = 'text' | 'integer' | 'decimal' | 'euros' | 'date' | 'month';
export type SheetValue = string | number | null;

export interface SheetColumn<T> {
  title: string;
  width: number;
  kind: CellKind;
  value: (row: T) => SheetValue;
}

export interface SheetDefinition<T> {
  /** Name of the sheet in the workbook (31 characters at most, no : \ / ? * [ ]). */
  name: string;
  columns: ReadonlyArray<SheetColumn<T>>;
}

/** A sheet with its values, ready for a writer: the columns without their getters, a row of values per row. */
export interface FilledSheet {
  name: string;
  columns: ReadonlyArray<Omit<SheetColumn<never>, 'value'>>;
  rows: SheetValue[][];
}

export function sheet<T>(definition: SheetDefinition<T>, rows: readonly T[]): FilledSheet {
  return {
    name: definition.name,
    columns: definition.columns.map(({ title, width, kind }) => ({ title, width, kind })),
    rows: rows.map((row) => definition.columns.map((c) => c.value(row))),
  };
}

const list = (values: readonly string[], map: Record<string, string>) => values.map((v) => label(map, v)).join(', ');
const yesNo = (value: boolean | null | undefined) => (value == null ? null : value ? 'Oui' : 'Non');

// ── Markets (/espace/export/marches) ─────────────────────────────────────────────────────────

export interface MarketSheetRow {
  id: string; title: string; territory_slug: string; operation_name: string | null; buyer_name: string | null;
  company_name: string | null; clause_type: string; estimated_amount_ht: number | null; hours_due: number | null;
  hours_submitted: number | null; hours_validated: number | null; starts_on: string | null; ends_on: string | null; status: string;
}

export const marketStatusLabels = { draft: 'Brouillon', running: 'En cours', closed: 'Clos' } as const;

export const marketsSheet: SheetDefinition<MarketSheetRow> = {
  name: 'Marchés',
  columns: [
    { title: 'Marché', width: 45, kind: 'text', value: (m) => m.title },
    { title: 'Territoire', width: 16, kind: 'text', value: (m) => m.territory_slug },
    { title: 'Opération', width: 30, kind: 'text', value: (m) => m.operation_name },
    { title: 'Acheteur', width: 30, kind: 'text', value: (m) => m.buyer_name },
    { title: 'Entreprise attributaire', width: 30, kind: 'text', value: (m) => m.company_name },
    { title: 'Type de clause', width: 40, kind: 'text', value: (m) => label(clauseTypeLabels, m.clause_type) },
    { title: 'Montant estimé HT (€)', width: 18, kind: 'euros', value: (m) => m.estimated_amount_ht },
    { title: 'Heures dues', width: 12, kind: 'decimal', value: (m) => m.hours_due },
    { title: 'Heures transmises', width: 14, kind: 'decimal', value: (m) => m.hours_submitted },
    { title: 'Heures validées', width: 14, kind: 'decimal', value: (m) => m.hours_validated },
    { title: 'Début d’exécution', width: 14, kind: 'date', value: (m) => m.starts_on },
    { title: 'Fin d’exécution', width: 14, kind: 'date', value: (m) => m.ends_on },
    { title: 'Statut', width: 12, kind: 'text', value: (m) => label(marketStatusLabels, m.status) },
    { title: 'Identifiant', width: 38, kind: 'text', value: (m) => m.id },
  ],
};

// ── Hours declared (/espace/export/heures) ───────────────────────────────────────────────────

export interface HoursSheetRow {
  market_id: string; market_title: string; company_name: string | null; participant: string; month: string;
  realisation_mode: string; hours: number | null; invoiced_amount_ht: number | null; status: string;
}

export const hoursSheet: SheetDefinition<HoursSheetRow> = {
  name: 'Heures',
  columns: [
    { title: 'Marché', width: 45, kind: 'text', value: (d) => d.market_title },
    { title: 'Entreprise', width: 30, kind: 'text', value: (d) => d.company_name },
    { title: 'Participant (code)', width: 16, kind: 'text', value: (d) => d.participant },
    { title: 'Mois', width: 10, kind: 'month', value: (d) => d.month },
    { title: 'Mode de réalisation', width: 36, kind: 'text', value: (d) => label(realisationModeLabels, d.realisation_mode) },
    { title: 'Heures', width: 10, kind: 'decimal', value: (d) => d.hours },
    { title: 'Montant facturé HT (€)', width: 18, kind: 'euros', value: (d) => d.invoiced_amount_ht },
    { title: 'Statut', width: 12, kind: 'text', value: (d) => label(declarationStatusLabels, d.status) },
    { title: 'Identifiant du marché', width: 38, kind: 'text', value: (d) => d.market_id },
  ],
};

// ── Participants, pseudonymised (/espace/export/participants) ────────────────────────────────

export interface ParticipantSheetRow {
  participant: string; territory_slug: string; eligibility: readonly string[]; parcours_started_on: string | null;
  parcours_ended_on: string | null; markets: number; hours_validated: number;
}

export const participantsSheet: SheetDefinition<ParticipantSheetRow> = {
  name: 'Participants',
  columns: [
    { title: 'Participant (code)', width: 16, kind: 'text', value: (p) => p.participant },
    { title: 'Territoire', width: 16, kind: 'text', value: (p) => p.territory_slug },
    { title: 'Publics éligibles', width: 60, kind: 'text', value: (p) => list(p.eligibility, eligibilityLabels) },
    { title: 'Début de parcours', width: 14, kind: 'date', value: (p) => p.parcours_started_on },
    { title: 'Fin de parcours', width: 14, kind: 'date', value: (p) => p.parcours_ended_on },
    { title: 'Marchés', width: 10, kind: 'integer', value: (p) => p.markets },
    { title: 'Heures validées', width: 14, kind: 'decimal', value: (p) => p.hours_validated },
  ],
};

// ── A buyer's yearly summary (/espace/bilan) ─────────────────────────────────────────────────

export interface BuyerSummarySheetRow {
  year: number; title: string; company_name: string | null; hours_due: number | null;
  hours_validated_year: number; hours_validated_to_date: number; people: number | null;
}

export const buyerSummarySheet: SheetDefinition<BuyerSummarySheetRow> = {
  name: 'Bilan',
  columns: [
    { title: 'Année', width: 8, kind: 'integer', value: (m) => m.year },
    { title: 'Marché', width: 45, kind: 'text', value: (m) => m.title },
    { title: 'Entreprise', width: 30, kind: 'text', value: (m) => m.company_name },
    { title: 'Heures dues (marché)', width: 16, kind: 'decimal', value: (m) => m.hours_due },
    { title: 'Heures réalisées dans l’année', width: 18, kind: 'decimal', value: (m) => m.hours_validated_year },
    { title: 'Heures réalisées au 31 décembre', width: 18, kind: 'decimal', value: (m) => m.hours_validated_to_date },
    // Below the territory's threshold the count is null: an empty cell, never a figure.
    { title: 'Personnes', width: 11, kind: 'integer', value: (m) => m.people },
  ],
};

// ── An access request (/espace/acces-donnees): one sheet per part of the file ────────────────

type Candidature = PersonData['candidatures'][number];
type Participant = PersonData['participants'][number];
type Step = Candidature['log'][number] & { reference: string };
type Hours = Participant['hours'][number];
type Exit = Participant['exits'][number];
type Assignment = Participant['markets'][number];

const candidaturesSheet: SheetDefinition<Candidature> = {
  name: 'Candidatures',
  columns: [
    { title: 'Référence', width: 16, kind: 'text', value: (c) => c.reference },
    { title: 'Reçue le', width: 12, kind: 'date', value: (c) => c.created_at },
    { title: 'Statut', width: 24, kind: 'text', value: (c) => label(candidatureStatusLabels, c.status) },
    { title: 'Motif de refus', width: 30, kind: 'text', value: (c) => label(transitionReasonLabels, c.refusal_reason) },
    { title: 'Prénom', width: 16, kind: 'text', value: (c) => c.first_name },
    { title: 'Nom', width: 16, kind: 'text', value: (c) => c.last_name },
    { title: 'E-mail', width: 28, kind: 'text', value: (c) => c.email },
    { title: 'Téléphone', width: 16, kind: 'text', value: (c) => c.phone },
    { title: 'Commune', width: 20, kind: 'text', value: (c) => c.commune },
    { title: 'Publics éligibles déclarés', width: 50, kind: 'text', value: (c) => list(c.eligibility, eligibilityLabels) },
    { title: 'Disponibilité', width: 20, kind: 'text', value: (c) => c.availability },
    { title: 'Mobilité', width: 20, kind: 'text', value: (c) => c.mobility.join(', ') },
    { title: 'Message', width: 40, kind: 'text', value: (c) => c.message },
    { title: 'CV conservé', width: 12, kind: 'text', value: (c) => yesNo(c.cv_held) },
    { title: 'Déposée par', width: 16, kind: 'text', value: (c) => c.submitted_by },
    { title: 'Prescripteur', width: 30, kind: 'text', value: (c) => [c.prescriber?.organisation, c.prescriber?.name, c.prescriber?.email].filter(Boolean).join(' — ') || null },
    { title: 'Offre', width: 30, kind: 'text', value: (c) => c.job_offer },
  ],
};

const historySheet: SheetDefinition<Step> = {
  name: 'Historique des candidatures',
  columns: [
    { title: 'Référence', width: 16, kind: 'text', value: (s) => s.reference },
    { title: 'Date', width: 12, kind: 'date', value: (s) => s.at },
    { title: 'Statut précédent', width: 24, kind: 'text', value: (s) => label(candidatureStatusLabels, s.from) },
    { title: 'Nouveau statut', width: 24, kind: 'text', value: (s) => label(candidatureStatusLabels, s.to) },
    { title: 'Motif', width: 40, kind: 'text', value: (s) => label(transitionReasonLabels, s.reason) },
  ],
};

const parcoursSheet: SheetDefinition<Participant> = {
  name: 'Parcours',
  columns: [
    { title: 'Prénom', width: 16, kind: 'text', value: (p) => p.first_name },
    { title: 'Nom', width: 16, kind: 'text', value: (p) => p.last_name },
    { title: 'Année de naissance', width: 12, kind: 'integer', value: (p) => p.birth_year },
    { title: 'Sexe', width: 8, kind: 'text', value: (p) => p.sex },
    { title: 'Commune', width: 20, kind: 'text', value: (p) => p.commune },
    { title: 'Habite un QPV', width: 10, kind: 'text', value: (p) => yesNo(p.qpv) },
    { title: 'Niveau de qualification', width: 28, kind: 'text', value: (p) => label(qualificationLevelLabels, p.qualification_level) },
    { title: 'Publics éligibles', width: 50, kind: 'text', value: (p) => list(p.eligibility, eligibilityLabels) },
    { title: 'Éligibilité vérifiée le', width: 14, kind: 'date', value: (p) => p.eligibility_checked_at },
    { title: 'Début de parcours', width: 14, kind: 'date', value: (p) => p.parcours_started_on },
    { title: 'Fin de parcours', width: 14, kind: 'date', value: (p) => p.parcours_ended_on },
    { title: 'Formation suivie', width: 10, kind: 'text', value: (p) => yesNo(p.has_training) },
  ],
};

const assignmentsSheet: SheetDefinition<Assignment> = {
  name: 'Marchés',
  columns: [
    { title: 'Marché', width: 45, kind: 'text', value: (a) => a.market },
    { title: 'Affecté le', width: 12, kind: 'date', value: (a) => a.assigned_on },
  ],
};

const personHoursSheet: SheetDefinition<Hours> = {
  name: 'Heures',
  columns: [
    { title: 'Marché', width: 45, kind: 'text', value: (h) => h.market },
    { title: 'Mois', width: 10, kind: 'month', value: (h) => h.month },
    { title: 'Mode de réalisation', width: 36, kind: 'text', value: (h) => label(realisationModeLabels, h.mode) },
    { title: 'Heures', width: 10, kind: 'decimal', value: (h) => h.hours },
    { title: 'Statut', width: 12, kind: 'text', value: (h) => label(declarationStatusLabels, h.status) },
  ],
};

const exitsSheet: SheetDefinition<Exit> = {
  name: 'Sorties',
  columns: [
    { title: 'Étape', width: 18, kind: 'text', value: (e) => label(exitMilestoneCodeLabels, e.milestone) },
    { title: 'Observée le', width: 12, kind: 'date', value: (e) => e.observed_on },
    { title: 'Situation', width: 30, kind: 'text', value: (e) => label(exitSituationLabels, e.situation) },
  ],
};

/** The sheets of an access request's file, in the order the page describes them. */
export function personDataSheets(data: PersonData): FilledSheet[] {
  return [
    sheet(candidaturesSheet, data.candidatures),
    sheet(historySheet, data.candidatures.flatMap((c) => c.log.map((s) => ({ ...s, reference: c.reference })))),
    sheet(parcoursSheet, data.participants),
    sheet(assignmentsSheet, data.participants.flatMap((p) => p.markets)),
    sheet(personHoursSheet, data.participants.flatMap((p) => p.hours)),
    sheet(exitsSheet, data.participants.flatMap((p) => p.exits)),
  ];
}

// ── The CSV of a sheet ───────────────────────────────────────────────────────────────────────

/** The day of an ISO date or timestamp ("2026-01-05", "2026-01-05T09:00:00+01:00"); null otherwise. */
export function isoDay(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

/** A cell as the CSV writes it: decimal comma, ISO dates, months as AAAA-MM. */
export function csvCell(kind: CellKind, value: SheetValue): string {
  if (value === null || value === '') return '';
  if (typeof value === 'number') return kind === 'text' ? String(value) : String(value).replace('.', ',');
  if (kind === 'date') return isoDay(value) ?? value;
  if (kind === 'month') return isoDay(value)?.slice(0, 7) ?? value;
  return value;
}

function quoted(text: string): string {
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A sheet as a CSV that French Excel opens as it is: UTF-8 with a byte order mark, semicolons,
 * French titles and labels, decimal commas, ISO dates (AAAA-MM-JJ, read as dates by Excel and by
 * programs alike), CRLF line ends.
 */
export function toSpreadsheetCsv({ columns, rows }: FilledSheet): string {
  const lines = [
    columns.map((c) => quoted(c.title)).join(';'),
    ...rows.map((row) => columns.map((c, i) => quoted(csvCell(c.kind, row[i] ?? null))).join(';')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
