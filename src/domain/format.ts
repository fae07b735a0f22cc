// French number and date formatting shared by pages, widgets and exports.

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** A count or a number of hours, rounded: "160 600". Null means statistical secret. */
export function formatCount(value: number | null | undefined, secret = 'secret statistique'): string {
  if (value == null) return secret;
  return integer.format(value);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return percent.format(ratio);
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
}
