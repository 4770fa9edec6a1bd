// Open episodes with their Acknowledge button, and the timeline of every alert transition.

import { h, fill, showError, toast } from '../dom.js';
import { seg } from '../api.js';
import { celsius, kindWords, needsAcknowledgement, transitionWords, when } from '../format.js';

const TIMELINE_LIMIT = 100;

function severityTone(alert) {
  return { CRITICAL: 'critical', WARNING: 'warn', INFO: 'muted' }[alert.severity] ?? 'muted';
}

export function alertsPanel(section, session, base, signal, refreshSummary) {
  const openList = h('ul', { class: 'episodes', id: 'open-episodes' });
  const timeline = h('ol', { class: 'timeline', id: 'alert-timeline', 'aria-busy': 'true' });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const names = new Map();
  const acknowledging = new Set();
  let timelineAlerts = [];
  let shownOpen = null;

  section.append(
    h('h2', { id: 'alerts-title' }, 'Alerts'),
    errors,
    openList,
    h('details', { class: 'card', open: true }, h('summary', {}, 'Timeline, last 7 days'), timeline),
  );

  const who = (caregiverId) => (caregiverId === session.caregiver?.caregiverId ? 'you' : names.get(caregiverId) ?? caregiverId);

  async function acknowledge(alert, button) {
    acknowledging.add(alert.episodeId);
    button.disabled = true;
    button.textContent = 'Acknowledging…';
    try {
      await session.call('POST', `${base}/episodes/${seg(alert.episodeId)}/ack`, {});
      toast(`${kindWords(alert.kind)} acknowledged: its reminders stop.`);
      await refreshSummary();
    } catch (error) {
      acknowledging.delete(alert.episodeId);
      button.disabled = false;
      button.textContent = 'Acknowledge';
      showError(errors, error);
    }
  }

  function episodeCard(alert) {
    const tone = severityTone(alert);
    const pending = acknowledging.has(alert.episodeId) && !alert.acknowledgedBy;
    const button = needsAcknowledgement(alert)
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary ack',
            'data-episode': alert.episodeId,
            disabled: pending,
            'aria-describedby': `ep-${alert.episodeId}`,
          },
          pending ? 'Acknowledging…' : 'Acknowledge',
        )
      : null;
    button?.addEventListener('click', () => acknowledge(alert, button));
    return h(
      'li',
      { class: `card episode tone-edge-${tone}`, 'data-episode': alert.episodeId, 'data-acknowledged': alert.acknowledgedBy ? 'yes' : 'no' },
      h(
        'div',
        { id: `ep-${alert.episodeId}` },
        h('h3', {}, `${kindWords(alert.kind)} since ${when(alert.episodeStart)}`),
        h('p', {}, alert.message || `${celsius(alert.valueCelsius)} (threshold ${celsius(alert.thresholdCelsius)})`),
        alert.acknowledgedBy
          ? h('p', { class: 'ok-text' }, `Acknowledged by ${who(alert.acknowledgedBy)}: reminders stopped.`)
          : alert.escalationLevel > 0
            ? h('p', { class: 'muted small' }, `Escalated to the next family member (level ${alert.escalationLevel}).`)
            : null,
      ),
      button,
    );
  }

  function timelineItem(alert) {
    return h(
      'li',
      { class: `tone-dot-${severityTone(alert)}`, 'data-transition': alert.transition },
      h('time', { datetime: alert.time }, when(alert.time)),
      ' ',
      h('strong', {}, `${kindWords(alert.kind)} ${transitionWords(alert.transition)}`),
      alert.transition === 'ACKNOWLEDGED' && alert.acknowledgedBy ? ` by ${who(alert.acknowledgedBy)}` : null,
      alert.valueCelsius != null && alert.transition !== 'ACKNOWLEDGED' ? ` · ${celsius(alert.valueCelsius)}` : null,
      alert.late ? h('span', { class: 'muted small' }, ' (delivered late)') : null,
    );
  }

  function renderTimeline() {
    fill(
      timeline,
      timelineAlerts.length ? timelineAlerts.map(timelineItem) : h('li', { class: 'muted' }, 'No alerts in the last 7 days.'),
    );
  }

  return {
    /** The latest transition of each open episode (from the patient summary). */
    showOpen(episodes) {
      // re-rendered only when something changed, so a focused Acknowledge button keeps its focus
      const signature = JSON.stringify(episodes.map((e) => [e.alertId, e.acknowledgedBy, acknowledging.has(e.episodeId)]));
      if (signature === shownOpen) return;
      shownOpen = signature;
      fill(
        openList,
        episodes.length ? episodes.map(episodeCard) : h('li', { class: 'card muted', id: 'no-open-episodes' }, 'Nothing needs your attention.'),
      );
    },
    /** Names for "acknowledged by" (caregiver id → display name). */
    knowMembers(members) {
      for (const m of members) names.set(m.caregiverId, m.displayName);
    },
    async loadTimeline() {
      try {
        const { alerts } = await session.get(`${base}/alerts?limit=${TIMELINE_LIMIT}`, signal);
        timelineAlerts = alerts;
        renderTimeline();
      } catch (error) {
        if (!signal.aborted) showError(errors, error);
      } finally {
        timeline.setAttribute('aria-busy', 'false');
      }
    },
    /** A transition that arrived on the live stream. */
    received(alert) {
      if (timelineAlerts.some((a) => a.alertId === alert.alertId)) return;
      timelineAlerts = [alert, ...timelineAlerts].slice(0, TIMELINE_LIMIT);
      renderTimeline();
      if (alert.transition === 'RAISED') toast(`${kindWords(alert.kind)}: ${alert.message || celsius(alert.valueCelsius)}`);
    },
  };
}
