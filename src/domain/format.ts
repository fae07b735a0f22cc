// French number and date formatting shared by pages, widgets and exports.

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
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

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return percent.format(ratio);
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
}
