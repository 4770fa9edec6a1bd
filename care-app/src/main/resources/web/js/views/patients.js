import { h, fill, showError } from '../dom.js';
import { seg } from '../api.js';
import { ago, celsius, needsAcknowledgement, stateOf } from '../format.js';

const REFRESH_MS = 15_000;

/** A coloured badge that also says the state in words. */
export function stateBadge(state) {
  const { label, tone } = stateOf(state);
  return h('span', { class: `badge tone-${tone}`, 'data-state': state }, label);
}

function patientCard(patient) {
  const unacknowledged = (patient.openEpisodes ?? []).filter(needsAcknowledgement).length;
  const { tone } = stateOf(patient.state);
  return h(
    'li',
    {},
    h(
      'a',
      { class: `card patient tone-edge-${tone}`, href: `#/patients/${seg(patient.patientId)}`, 'data-patient': patient.patientId },
      h('div', { class: 'row' }, h('h2', {}, patient.displayName), stateBadge(patient.state)),
      h('p', { class: 'temp', 'data-temp': '' }, celsius(patient.current?.coreCelsius)),
      h(
        'p',
        { class: 'muted small' },
        patient.current ? `core estimate, ${ago(patient.current.time)}` : 'no reading in the last 24 h',
        unacknowledged ? h('strong', { class: 'alert-count' }, ` · ${unacknowledged} alert${unacknowledged > 1 ? 's' : ''} to acknowledge`) : null,
      ),
    ),
  );
}

export function patientsView(main, { session }) {
  const list = h('ul', { class: 'patients', 'aria-busy': 'true' });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  main.append(h('h1', {}, 'Patients'), errors, list);
  const controller = new AbortController();

  async function load() {
    try {
      const patients = await session.get('patients', controller.signal);
      errors.hidden = true;
      fill(
        list,
        patients.length
          ? patients.map(patientCard)
          : h('li', { class: 'card muted' }, 'You are not in anyone’s care circle yet. Ask the owner for an invitation.'),
      );
    } catch (error) {
      if (!controller.signal.aborted) showError(errors, error);
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  load();
  const timer = setInterval(load, REFRESH_MS);
  return () => {
    clearInterval(timer);
    controller.abort();
  };
}
