// French number and date formatting shared by pages, widgets and exports: the one place that
// formats a figure or a date for a reader. Dates are shown in the Europe/Paris zone (a
// timestamp late in the evening, UTC, is already the next day in Paris); a calendar date
// ("2026-04-01", a date column) is read as midnight UTC, which is the same day in Paris (always
// ahead of UTC), so it is shown as that day.

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** A count or a number of hours, rounded: "160 600". Null means statistical secret. */
export function formatCount(value: number | null | undefined, secret = 'secret statistique'): string {
  if (value == null) return secret;
  return integer.format(value);
}

/** « 1 acheteur », « 3 acheteurs » (French: 0 and 1 take the singular); a suppressed figure says so. */
export function formatCountOf(value: number | null | undefined, singular: string, plural: string): string {
  if (value == null) return `${plural} : secret statistique`;
  return `${integer.format(value)} ${Math.abs(value) < 2 ? singular : plural}`;
}

/** A number with up to two decimals, French style: "7,5", "1 234,25" (hours of a month, amounts). */
export function formatDecimal(value: number): string {
  return decimal.format(value);
}

/**
 * Hours, with the one rule for every page: stored to the hundredth (numeric(8,2)), shown with up
 * to two decimals and the French decimal comma, never rounded to the hour: « 35,5 h », « 36 h »,
 * « 1 234,25 h ». `unit: false` leaves out « h » for a table column headed « Heures ».
 */
export function formatHours(value: number, { unit = true }: { unit?: boolean } = {}): string {
  const text = decimal.format(Math.round(value * 100) / 100);
  return unit ? `${text} h` : text;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return percent.format(ratio);
}

/** The `tel:` address of a phone number as typed (« 02 61 91 00 00 » → « tel:0261910000 »). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

const PARIS = 'Europe/Paris';
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: PARIS });
const shortDate = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: PARIS });
const monthYear = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: PARIS });
const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: PARIS });

/** French writes the first day of a month as an ordinal: « 1er avril », never « 1 avril ». */
function withFirstOrdinal(format: Intl.DateTimeFormat, date: Date): string {
  return format.formatToParts(date).map((p) => (p.type === 'day' && Number(p.value) === 1 ? '1er' : p.value)).join('');
}

/** « 1er avril 2026 », « 2 avril 2026 »: a calendar date or a timestamp, in Paris. */
export function formatDate(iso: string): string {
  return withFirstOrdinal(longDate, new Date(iso));
}

/** « 01/04/2026 »: the numeric form, for tables and lists. */
export function formatShortDate(iso: string): string {
  return shortDate.format(new Date(iso));
}

/** « avril 2026 »: a month, given by its first day ("2026-04-01") or as "2026-04". */
export function formatMonth(iso: string): string {
  return monthYear.format(new Date(iso));
}

/** « 1er avril 2026 à 00:30 »: a moment, in Paris. */
export function formatDateTime(iso: string): string {
  return withFirstOrdinal(dateTime, new Date(iso));
}

// Words that begin with a vowel sound: the vowels, accented or not. A word that begins with « h »
// is left unelided, because only a dictionary knows the mute h (« d’Hérouville ») from the
// aspirated one (« de Honfleur »); the mute-h places of a territory are rare and read correctly.
const VOWEL_START = /^[aeiouyàâäéèêëîïôöùûüÿæœ]/i;

/**
 * « de » before a name or a noun phrase, as French writes it: « d’octobre 2026 », « d’Alpes Sud
 * Isère », « d’Éloïse Martin », « du Havre » (for « Le Havre »), « des Mureaux », « de Dieppe ».
 */
export function ofName(phrase: string): string {
  const text = phrase.trim();
  const article = /^(le|les)\s+(.*)$/i.exec(text);
  if (article) return `${article[1]?.toLowerCase() === 'le' ? 'du' : 'des'} ${article[2]}`;
  return VOWEL_START.test(text) ? `d’${text}` : `de ${text}`;
}

const parisDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: PARIS });

/** Today's calendar date in Paris ("2026-12-03"), for a moment `now`: just after midnight in Paris it is still yesterday in UTC. */
export function parisToday(now: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) => parisDay.formatToParts(now).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
