// How values read on screen. Pure functions, no DOM.

/** Each patient state: its words (never colour alone) and its tone, which app.css colours. */
export const STATES = {
  normal: { label: 'Normal', tone: 'ok' },
  fever: { label: 'Fever', tone: 'warn' },
  'high-fever': { label: 'High fever', tone: 'bad' },
  hyperpyrexia: { label: 'Very high fever', tone: 'critical' },
  'rapid-rise': { label: 'Rising fast', tone: 'warn' },
  hypothermia: { label: 'Low temperature', tone: 'cold' },
  'low-skin-temperature': { label: 'Check the patch (cold skin)', tone: 'muted' },
  'no-data': { label: 'No recent data', tone: 'muted' },
  sensor: { label: 'Check the patch', tone: 'muted' },
  'sensor-detached': { label: 'Check the patch', tone: 'muted' },
  'low-battery': { label: 'Low battery', tone: 'muted' },
  unknown: { label: 'Unknown', tone: 'muted' },
};

export function stateOf(name) {
  return STATES[name] ?? STATES.unknown;
}

const KIND_WORDS = {
  FEVER: 'Fever',
  HIGH_FEVER: 'High fever',
  HYPERPYREXIA: 'Very high fever',
  HYPOTHERMIA: 'Low temperature',
  LOW_SKIN_TEMPERATURE: 'Cold skin (poor contact or a cold room)',
  RAPID_RISE: 'Rapid rise',
  NO_DATA: 'No data',
  SENSOR_DETACHED: 'Patch detached',
  LOW_BATTERY: 'Low battery',
};

const TRANSITION_WORDS = {
  RAISED: 'started',
  REMINDER: 'still going on',
  UPDATED: 'now',
  ESCALATED: 'escalated',
  ACKNOWLEDGED: 'acknowledged',
  CLEARED: 'over',
};

export function kindWords(kind) {
  return KIND_WORDS[kind] ?? titleCase(kind ?? 'Alert');
}

export function transitionWords(transition) {
  return TRANSITION_WORDS[transition] ?? (transition ?? '').toLowerCase();
}

/** An open episode not yet acknowledged by anyone. */
export function needsAcknowledgement(alert) {
  return alert.transition !== 'CLEARED' && !alert.acknowledgedBy;
}

export function celsius(value) {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(1)} °C` : '—';
}

/** "09:41" today, "Mon 09:41" this week, else the date. */
export function when(time, now = new Date()) {
  const t = new Date(time);
  if (Number.isNaN(t.getTime())) return '';
  const clock = t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const days = (now - t) / 86_400_000;
  if (t.toDateString() === now.toDateString()) return clock;
  if (days < 6) return `${t.toLocaleDateString([], { weekday: 'short' })} ${clock}`;
  return `${t.toLocaleDateString()} ${clock}`;
}

/** "12 s ago", "4 min ago", "3 h ago", or when() beyond a day. */
export function ago(time, now = new Date()) {
  const seconds = Math.round((now - new Date(time)) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(0, seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return when(time, now);
}

export function titleCase(text) {
  return text.toLowerCase().replace(/(^|[_\s-])(\w)/g, (_, sep, c) => (sep ? ' ' : '') + c.toUpperCase());
}
