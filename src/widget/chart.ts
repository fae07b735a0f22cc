// Chart.js for the widget: only the parts a bar chart uses are registered (never chart.js/auto).
// This module is evaluated once per page (module scripts are), so every widget of the page
// shares one Chart.js. The canvas carries role="img", its name and the text summary; series are
// told apart by fill style (solid, outlined, hatched) and by the legend, not by colour alone.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { formatCount } from '../domain/format.ts';
import { palettes } from './theme.ts';
import type { Theme } from './data.ts';
import type { WidgetView } from './view.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Splits a long category name into lines of about `width` characters. */
export function wrapLabel(text: string, width = 28): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function hatch(colour: string, background: string, doc: Document): CanvasPattern | string {
  const tile = doc.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const context = tile.getContext('2d');
  if (!context) return colour;
  context.fillStyle = background;
  context.fillRect(0, 0, 8, 8);
  context.strokeStyle = colour;
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(0, 8);
  context.lineTo(8, 0);
  context.moveTo(-2, 2);
  context.lineTo(2, -2);
  context.moveTo(6, 10);
  context.lineTo(10, 6);
  context.stroke();
  return context.createPattern(tile, 'repeat') ?? colour;
}

export interface MountedChart {
  destroy(): void;
}

export function mountChart(canvas: HTMLCanvasElement, view: WidgetView, theme: Theme, accent: string): MountedChart {
  const palette = palettes[theme];
  const doc = canvas.ownerDocument;
  const valueAxis = view.horizontal ? 'x' : 'y';
  const font = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif', size: 13 };
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: view.categories.map((c) => wrapLabel(c)),
      datasets: view.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: i === 0 ? accent : i === 1 ? palette.background : hatch(accent, palette.background, doc),
        borderColor: accent,
        borderWidth: i === 0 ? 0 : 2,
      })),
    },
    options: {
      indexAxis: view.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: 'fr-FR',
      color: palette.text,
      font,
      plugins: {
        legend: { display: view.series.length > 1, labels: { color: palette.text, font } },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label ?? ''} : ${formatCount(Number(item.raw))}` },
        },
      },
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          ticks: { color: palette.text, font, callback: (value: string | number) => formatCount(Number(value)) },
          grid: { color: palette.grid },
        },
        [valueAxis === 'x' ? 'y' : 'x']: {
          ticks: { color: palette.text, font, autoSkip: false },
          grid: { display: false },
        },
      },
    },
  });
  return { destroy: () => chart.destroy() };
}
