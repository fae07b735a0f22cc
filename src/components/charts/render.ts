// Chart.js, registering only the parts used (no chart.js/auto), mounted over a chart's table.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { formatCount } from '../../domain/format.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface Spec {
  categories: string[];
  series: Array<{ label: string; values: Array<number | null> }>;
}

export function renderChart(figure: HTMLElement): void {
  const spec = JSON.parse(figure.dataset.chart ?? '{}') as Spec;
  const container = figure.querySelector<HTMLElement>('.chart-canvas');
  const canvas = container?.querySelector('canvas');
  if (!container || !canvas || !spec.categories) return;
  const style = getComputedStyle(document.documentElement);
  const primary = style.getPropertyValue('--color-primary').trim() || '#1d4f91';
  container.hidden = false;
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: spec.categories,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        // First series solid, the next ones outlined: distinguishable without colour.
        backgroundColor: i === 0 ? primary : '#ffffff',
        borderColor: primary,
        borderWidth: i === 0 ? 0 : 3,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: 'fr-FR',
      plugins: { legend: { display: spec.series.length > 1 } },
      scales: { y: { beginAtZero: true, ticks: { callback: (value) => formatCount(Number(value)) } } },
    },
  });
}
