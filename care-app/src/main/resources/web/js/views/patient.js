// One patient: current temperature and state, live chart, 24 h / 7 d history, alerts, care circle.

import { h, fill, showError } from '../dom.js';
import { seg } from '../api.js';
import { openLive } from '../live.js';
import { liveChart } from '../charts.js';
import { ago, celsius } from '../format.js';
import { stateBadge } from './patients.js';
import { alertsPanel } from './alerts.js';
import { historyPanel } from './history.js';
import { circlePanel } from './circle.js';

const LIVE_SEED_MINUTES = 30;
// the state (normal, fever, no data…) is the server's: asked again after readings, at most this often
const STATE_REFRESH_MS = 3000;

export function patientView(main, { session }, patientId) {
  const base = `patients/${seg(patientId)}`;
  const controller = new AbortController();
  const cleanups = [() => controller.abort()];
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const title = h('h1', {}, 'Patient');
  const badge = h('span', { id: 'state' });
  const value = h('p', { class: 'temp big', id: 'current-temp', 'aria-live': 'polite', 'aria-atomic': 'true' }, '—');
  const updated = h('p', { class: 'muted small', id: 'current-time' });
  const link = h('span', { class: 'link-state', id: 'live-state', 'data-state': 'connecting' }, 'Connecting…');
  const liveBox = h('div', { class: 'chart', id: 'live-chart', role: 'img', 'aria-label': 'Temperature, last 30 minutes' });
  const summary = { current: null, time: null };

  main.append(
    h('p', {}, h('a', { href: '#/patients', class: 'back' }, '‹ Patients')),
    errors,
    h('section', { class: 'card now', 'aria-labelledby': 'now-title' }, h('div', { class: 'row' }, title, badge), value, h('div', { class: 'row' }, updated, link)),
  );
  const alertsSection = h('section', { 'aria-labelledby': 'alerts-title' });
  const liveSection = h(
    'section',
    { class: 'card', 'aria-labelledby': 'live-title' },
    h('h2', { id: 'live-title' }, 'Live'),
    liveBox,
    h('p', { class: 'muted small' }, 'Core temperature estimate; the dashed line is the fever threshold.'),
  );
  const historySection = h('section', { class: 'card', 'aria-labelledby': 'history-title' });
  const circleSection = h('section', { class: 'card', 'aria-labelledby': 'circle-title' });
  main.append(alertsSection, liveSection, historySection, circleSection);
  title.id = 'now-title';

  function showSummary(patient) {
    title.textContent = patient.displayName;
    document.title = `${patient.displayName} · Calor`;
    fill(badge, stateBadge(patient.state));
    showReading(patient.current);
  }

  function showReading(reading) {
    summary.current = reading;
    value.textContent = celsius(reading?.coreCelsius);
    value.dataset.value = reading?.coreCelsius ?? '';
    tick();
  }

  function tick() {
    updated.textContent = summary.current
      ? `core estimate · ${ago(summary.current.time)}${summary.current.celsius != null ? ` · ${celsius(summary.current.celsius)} at the ${summary.current.site ?? 'skin'}` : ''}`
      : 'no reading in the last 24 h';
  }
  const ticker = setInterval(tick, 5000);
  cleanups.push(() => clearInterval(ticker));

  async function refreshSummary() {
    const patient = await session.get(base, controller.signal);
    showSummary(patient);
    alerts.showOpen(patient.openEpisodes ?? []);
    return patient;
  }

  let stateTimer = null;
  function refreshStateSoon() {
    if (stateTimer) return;
    stateTimer = setTimeout(() => {
      stateTimer = null;
      refreshSummary().catch(() => {});
    }, STATE_REFRESH_MS);
  }
  cleanups.push(() => clearTimeout(stateTimer));

  const alerts = alertsPanel(alertsSection, session, base, controller.signal, refreshSummary);

  (async () => {
    try {
      const [patient, thresholds, recent] = await Promise.all([
        session.get(base, controller.signal),
        session.get(`${base}/thresholds`, controller.signal).catch(() => null),
        session.get(
          `${base}/history?from=${encodeURIComponent(new Date(Date.now() - LIVE_SEED_MINUTES * 60_000).toISOString())}`
            + `&to=${encodeURIComponent(new Date().toISOString())}`,
          controller.signal,
        ),
      ]);
      showSummary(patient);
      alerts.showOpen(patient.openEpisodes ?? []);
      alerts.loadTimeline();
      const threshold = thresholds?.thresholds?.feverCelsius ?? thresholds?.bounds?.feverCelsius?.defaultValue ?? 38.0;
      const chart = liveChart(liveBox, threshold, recent.points ?? []);
      cleanups.push(() => chart.destroy());
      historyPanel(historySection, session, base, threshold, controller.signal, cleanups);
      circlePanel(circleSection, session, base, patient, controller.signal, (members) => alerts.knowMembers(members));
      const live = openLive(session, patientId, {
        reading(reading) {
          chart.add(reading);
          if (!summary.current || Date.parse(reading.time) >= Date.parse(summary.current.time)) showReading(reading);
          refreshStateSoon();
        },
        backlog(batch) {
          // readings a bridge delivered late: into the chart where they belong, never as the current value
          chart.merge(batch.readings ?? []);
        },
        alert(alert) {
          alerts.received(alert);
          refreshSummary().catch(() => {});
        },
        status(state) {
          link.dataset.state = state;
          link.textContent = { live: 'Live', reconnecting: 'Reconnecting…', closed: 'Stopped' }[state] ?? state;
        },
      });
      cleanups.push(() => live.close());
    } catch (error) {
      if (!controller.signal.aborted) {
        showError(errors, error.status === 404 ? { message: 'No such patient in your care circles.' } : error);
      }
    }
  })();

  return () => cleanups.reverse().forEach((cleanup) => cleanup());
}
