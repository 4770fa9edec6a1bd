// 24 h and 7 d history: the API downsamples (raw up to 6 h, the one-minute roll-up beyond).

import { h, fill, showError } from '../dom.js';
import { historyChart } from '../charts.js';
import { celsius } from '../format.js';

const RANGES = [
  { id: '24h', label: '24 hours', hours: 24 },
  { id: '7d', label: '7 days', hours: 24 * 7 },
];

function describe(points) {
  const values = points.flatMap((p) => [p.minCelsius ?? p.coreCelsius, p.maxCelsius ?? p.coreCelsius]).filter((v) => v != null);
  if (!values.length) return 'No readings in this period.';
  return `Lowest ${celsius(Math.min(...values))}, highest ${celsius(Math.max(...values))}, ${points.length} points.`;
}

export function historyPanel(section, session, base, threshold, signal, cleanups) {
  const box = h('div', { class: 'chart', id: 'history-chart', role: 'img' });
  const text = h('p', { class: 'muted small', id: 'history-summary' });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const buttons = RANGES.map((range) =>
    h('button', { type: 'button', class: 'segment', 'aria-pressed': 'false', 'data-range': range.id, onclick: () => show(range) }, range.label),
  );
  section.append(
    h('div', { class: 'row' }, h('h2', { id: 'history-title' }, 'History'), h('div', { class: 'segments', role: 'group', 'aria-label': 'Period' }, buttons)),
    errors,
    box,
    text,
  );
  let chart = null;
  cleanups.push(() => chart?.destroy());

  async function show(range) {
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === range.id)));
    box.setAttribute('aria-busy', 'true');
    const to = new Date();
    const from = new Date(to - range.hours * 3_600_000);
    try {
      const history = await session.get(
        `${base}/history?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
        signal,
      );
      chart?.destroy();
      fill(box);
      chart = historyChart(box, threshold, history);
      const summary = describe(history.points);
      box.setAttribute('aria-label', `Temperature, last ${range.label}. ${summary}`);
      text.textContent = `${summary} ${history.resolution === 'raw' ? 'Every reading.' : `Averages per ${history.resolution.replace(/m$/, ' min')}; the band spans the lowest to the highest reading.`}`;
      errors.hidden = true;
    } catch (error) {
      if (!signal.aborted) showError(errors, error);
    } finally {
      box.setAttribute('aria-busy', 'false');
    }
  }

  show(RANGES[0]);
}
