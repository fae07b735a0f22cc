// The buyers' hours simulator (DOMAIN.md §6): the query string of the simulator's GET form,
// parsed with one zod schema (French messages, French number typing, percentages turned into
// fractions), sector defaults for the labour share, and the query that reproduces a result.
// Pure: no framework import; the page only renders what these functions return.
import { z } from 'zod';
import { clauseHours, type ClauseSizing } from './calculator.ts';
import { fieldErrors, type FieldErrors } from './form-errors.ts';

/**
 * Labour shares quoted by practitioners (DOMAIN.md §6). Indicative only: no official table
 * exists, in particular for services, so the page says so and the share stays editable.
 */
export const sectorDefaults = {
  peinture_interieure: { label: 'Peinture intérieure', labourShare: 0.7 },
  maconnerie: { label: 'Maçonnerie', labourShare: 0.5 },
  charpente_metallique: { label: 'Charpente métallique', labourShare: 0.2 },
  autre: { label: 'Autre secteur, ou prestation de services (part à saisir)', labourShare: null },
} as const satisfies Record<string, { label: string; labourShare: number | null }>;

export type SectorCode = keyof typeof sectorDefaults;
export const sectorCodes = Object.keys(sectorDefaults) as [SectorCode, ...SectorCode[]];

/** Names of the form fields, which are also the keys of the shareable query string. */
export const simulatorFields = {
  amount: 'montant',
  sector: 'secteur',
  labourShare: 'part_main_oeuvre',
  insertionRate: 'taux',
  hourlyCost: 'cout_horaire',
} as const;
export type SimulatorField = (typeof simulatorFields)[keyof typeof simulatorFields];
const fieldNames = Object.values(simulatorFields);

/** Worked example of DOMAIN.md §6 (MEF Sud 77): 1 000 000 € × 50 % × 5 % / 30 €/h = 833 h. */
export const WORKED_EXAMPLE = { estimatedAmountHt: 1_000_000, labourShare: 0.5, insertionRate: 0.05, hourlyCost: 30 } as const satisfies ClauseSizing;
export const WORKED_EXAMPLE_HOURS = 833;

/** Amount from which practitioners find a clause worth it ("one week of insertion"), DOMAIN.md §6. */
export const WORTHWHILE_AMOUNT_HT = 40_000;
/** Insertion rates quoted by practitioners: usually 5–10 %, up to 20 % (DOMAIN.md §6). */
export const USUAL_RATE_MAX = 0.1;
export const HIGH_RATE_MAX = 0.2;

/** Input sanity bounds (not domain rules): they keep every result a finite number of hours. */
const MAX_AMOUNT_HT = 100_000_000_000;
const MIN_HOURLY_COST = 1;
const MAX_HOURLY_COST = 1_000;

/** Values shown in the form before anything is submitted: the worked example's rate and cost. */
export const initialValues: Partial<Record<SimulatorField, string>> = {
  [simulatorFields.insertionRate]: '5',
  [simulatorFields.hourlyCost]: '30',
};

/** "1 000 000", "1 000 000 €", "5,5 %", "30 €/h" → a number; undefined when empty; NaN when not a number. */
export function readFrenchNumber(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const cleaned = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/(€\/h|€|%)$/u, '');
  if (cleaned === '') return undefined;
  if (!/^\d+([.,]\d+)?$/.test(cleaned)) return Number.NaN;
  return Number(cleaned.replace(',', '.'));
}

const numberField = (required: string | null, invalid: string) =>
  z.string().optional().transform((raw, ctx) => {
    const value = readFrenchNumber(raw);
    if (value === undefined) {
      if (required !== null) ctx.addIssue({ code: 'custom', message: required });
      return undefined;
    }
    if (!Number.isFinite(value)) {
      ctx.addIssue({ code: 'custom', message: invalid });
      return z.NEVER;
    }
    return value;
  });

const percentField = (required: string | null, invalid: string, range: string) =>
  numberField(required, invalid)
    .refine((v) => v === undefined || (v > 0 && v <= 100), range)
    .transform((v) => (v === undefined ? undefined : v / 100));

const rawSchema = z.object({
  [simulatorFields.amount]: numberField(
    'Indiquez le montant estimé du marché, en euros hors taxes.',
    'Le montant doit être un nombre, en euros (exemple : 250 000).',
  ).refine((v) => v === undefined || v > 0, 'Le montant doit être supérieur à 0 €.')
    .refine((v) => v === undefined || v <= MAX_AMOUNT_HT, 'Le montant doit être inférieur à 100 milliards d’euros.'),
  [simulatorFields.sector]: z.union([z.literal(''), z.enum(sectorCodes)], { error: 'Choisissez un secteur de la liste.' })
    .optional()
    .transform((v) => (v ? v : undefined)),
  [simulatorFields.labourShare]: percentField(
    null,
    'La part de main-d’œuvre doit être un nombre, en % (exemple : 50).',
    'La part de main-d’œuvre doit être comprise entre 0 et 100 % (0 exclu).',
  ),
  [simulatorFields.insertionRate]: percentField(
    'Indiquez le taux d’insertion, en % (souvent 5 à 10 %).',
    'Le taux d’insertion doit être un nombre, en % (exemple : 5).',
    'Le taux d’insertion doit être compris entre 0 et 100 % (0 exclu).',
  ),
  [simulatorFields.hourlyCost]: numberField(
    'Indiquez le coût horaire chargé, en euros par heure.',
    'Le coût horaire doit être un nombre, en euros par heure (exemple : 30).',
  ).refine((v) => v === undefined || (v >= MIN_HOURLY_COST && v <= MAX_HOURLY_COST), 'Le coût horaire doit être compris entre 1 et 1 000 € par heure.'),
});

type RawOutput = z.output<typeof rawSchema>;

/** The labour share typed, or else the chosen sector's default; undefined when neither exists. */
function resolvedLabourShare(value: RawOutput): number | undefined {
  const typed = value[simulatorFields.labourShare];
  if (typed !== undefined) return typed;
  const sector = value[simulatorFields.sector];
  return sector ? (sectorDefaults[sector].labourShare ?? undefined) : undefined;
}

export interface SimulatorInput extends ClauseSizing {
  sector: SectorCode | undefined;
  /** True when the labour share is the sector's default rather than a typed value. */
  labourShareFromSector: boolean;
}

/** The simulator's schema: strings of the query string in, sizing parameters (fractions) out. */
export const simulatorSchema = rawSchema
  .refine((value) => resolvedLabourShare(value) !== undefined, {
    path: [simulatorFields.labourShare],
    message: 'Indiquez la part de main-d’œuvre, en %, ou choisissez un secteur qui en propose une valeur indicative.',
    // Also reported when other fields are wrong, so every error shows at once.
    when: (payload) => !payload.issues.some((issue) => {
      const field = issue.path?.[0];
      return field === simulatorFields.labourShare || field === simulatorFields.sector;
    }),
  })
  .transform((value): SimulatorInput => {
    const typed = value[simulatorFields.labourShare];
    return {
      estimatedAmountHt: value[simulatorFields.amount] ?? 0,
      sector: value[simulatorFields.sector],
      labourShare: resolvedLabourShare(value) ?? 0,
      labourShareFromSector: typed === undefined,
      insertionRate: value[simulatorFields.insertionRate] ?? 0,
      hourlyCost: value[simulatorFields.hourlyCost] ?? 0,
    };
  });

export type SimulatorOutcome =
  | { state: 'empty'; values: Partial<Record<SimulatorField, string>> }
  | { state: 'invalid'; values: Partial<Record<SimulatorField, string>>; errors: FieldErrors }
  | { state: 'valid'; values: Partial<Record<SimulatorField, string>>; input: SimulatorInput; hours: number };

/** Reads the form's query string: nothing submitted yet, French errors per field, or the hours due. */
export function runSimulator(params: URLSearchParams): SimulatorOutcome {
  const submitted = fieldNames.some((name) => params.has(name));
  if (!submitted) return { state: 'empty', values: { ...initialValues } };
  const values: Partial<Record<SimulatorField, string>> = {};
  for (const name of fieldNames) {
    const value = params.get(name);
    if (value !== null) values[name] = value;
  }
  const parsed = simulatorSchema.safeParse(values);
  if (!parsed.success) return { state: 'invalid', values, errors: fieldErrors(parsed.error) };
  return { state: 'valid', values, input: parsed.data, hours: clauseHours(parsed.data) };
}

/** A percentage for a form field or a URL, without floating-point noise: 0.07 → "7". */
function percentText(fraction: number): string {
  return String(Math.round(fraction * 100 * 1e6) / 1e6);
}

/** The query string that reproduces a simulation (shareable URL); percentages as typed, in %. */
export function simulatorQuery(input: SimulatorInput): string {
  const params = new URLSearchParams();
  params.set(simulatorFields.amount, String(input.estimatedAmountHt));
  if (input.sector) params.set(simulatorFields.sector, input.sector);
  if (!input.labourShareFromSector || !input.sector) params.set(simulatorFields.labourShare, percentText(input.labourShare));
  params.set(simulatorFields.insertionRate, percentText(input.insertionRate));
  params.set(simulatorFields.hourlyCost, String(input.hourlyCost));
  return params.toString();
}

/** Where the simulator's form sends its values: the result page, whose address is shared. */
export const SIMULATOR_RESULT_PATH = '/simulateur/resultat/';

/** The worked example as a link to the simulator. */
export const WORKED_EXAMPLE_QUERY = simulatorQuery({ ...WORKED_EXAMPLE, sector: undefined, labourShareFromSector: false });

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2, minimumFractionDigits: 0 });
const plain = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const hoursFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

export const formatEuros = (value: number): string => euros.format(value);
export const formatPercentage = (fraction: number): string => `${plain.format(Math.round(fraction * 100 * 1e6) / 1e6)} %`;
export const formatHours = (hours: number): string => `${hoursFormat.format(hours)} h`;

/** The formula with the simulation's numbers: "1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833 h". */
export function formulaText(input: ClauseSizing, hours: number): string {
  return `${formatEuros(input.estimatedAmountHt)} × ${formatPercentage(input.labourShare)} × ${formatPercentage(input.insertionRate)} ÷ ${plain.format(input.hourlyCost)} €/h = ${formatHours(hours)}`;
}

/** Practitioners' rules of thumb (DOMAIN.md §6) that apply to a simulation, in French. */
export function simulatorNotes(input: SimulatorInput, hours: number): string[] {
  const notes: string[] = [];
  if (input.estimatedAmountHt < WORTHWHILE_AMOUNT_HT) {
    notes.push(`Les praticiens estiment qu’une clause vaut la peine à partir d’environ ${formatEuros(WORTHWHILE_AMOUNT_HT)} HT (« une semaine d’insertion »).`);
  }
  if (input.insertionRate > HIGH_RATE_MAX) {
    notes.push(`Ce taux d’insertion est inhabituel : il est le plus souvent de 5 à 10 %, et peut aller jusqu’à 20 %.`);
  }
  if (hours === 0) {
    notes.push('Le résultat est inférieur à une heure : revoyez le montant, la part de main-d’œuvre ou le taux.');
  }
  if (input.labourShareFromSector && input.sector) {
    notes.push(`La part de main-d’œuvre de ${formatPercentage(input.labourShare)} est une valeur indicative pour « ${sectorDefaults[input.sector].label} » : ajustez-la à votre marché.`);
  }
  return notes;
}
