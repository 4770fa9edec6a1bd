// The caregiver's own notification settings: channels and quiet hours; and their password.

import { h, field, showError, toast } from '../dom.js';

function timeZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function settingsView(main, { session }) {
  const controller = new AbortController();
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const appChannel = h('input', { type: 'checkbox', id: 'ch-app' });
  const emailChannel = h('input', { type: 'checkbox', id: 'ch-email' });
  const emailAddress = h('input', { type: 'email', id: 'ch-email-address', autocomplete: 'email' });
  const webhookChannel = h('input', { type: 'checkbox', id: 'ch-webhook' });
  const webhookUrl = h('input', { type: 'url', id: 'ch-webhook-url', placeholder: 'https://…' });
  // a webhook's signing secret is shown once, in the answer that made it
  const secretNote = h('p', { class: 'small', id: 'webhook-secret', role: 'status', hidden: true });
  const quiet = h('input', { type: 'checkbox', id: 'quiet' });
  const start = h('input', { type: 'time', id: 'quiet-start', value: '22:00' });
  const end = h('input', { type: 'time', id: 'quiet-end', value: '07:00' });
  const zone = h('input', { type: 'text', id: 'quiet-zone', list: 'zones', value: Intl.DateTimeFormat().resolvedOptions().timeZone, autocomplete: 'off' });
  const zones = h('datalist', { id: 'zones' }, timeZones().map((z) => h('option', { value: z })));
  const quietFields = h('div', { class: 'indent' }, h('div', { class: 'row gap' }, field('From', start), field('Until', end)), field('Time zone', zone), zones);
  const submit = h('button', { type: 'submit', class: 'primary', id: 'save-notifications' }, 'Save');
  const check = (input, label) => h('div', { class: 'check' }, input, h('label', { for: input.id }, label));

  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'settings-title' },
    h('h1', { id: 'settings-title' }, 'Notifications'),
    errors,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Tell me through'),
      check(appChannel, 'This app and the Calor mobile apps'),
      check(emailChannel, 'E-mail'),
      h('div', { class: 'indent' }, field('Address', emailAddress)),
      check(webhookChannel, 'A webhook (for home automation)'),
      h('div', { class: 'indent' }, field('URL', webhookUrl), secretNote),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Quiet hours'),
      check(quiet, 'Hold back alerts at night'),
      quietFields,
      h('p', { class: 'muted small' }, 'Critical alerts (a very high fever) always come through, even in quiet hours.'),
    ),
    submit,
  );
  const sync = () => {
    emailAddress.disabled = !emailChannel.checked;
    webhookUrl.disabled = !webhookChannel.checked;
    quietFields.hidden = !quiet.checked;
  };
  [emailChannel, webhookChannel, quiet].forEach((c) => c.addEventListener('change', sync));

  function show(me) {
    const channels = me.channels ?? [];
    const find = (kind) => channels.find((c) => c.kind === kind);
    appChannel.checked = Boolean(find('app'));
    emailChannel.checked = Boolean(find('email'));
    emailAddress.value = find('email')?.address ?? me.email ?? '';
    webhookChannel.checked = Boolean(find('webhook'));
    webhookUrl.value = find('webhook')?.url ?? '';
    quiet.checked = me.quietHours != null;
    if (me.quietHours) {
      start.value = me.quietHours.start;
      end.value = me.quietHours.end;
      zone.value = me.quietHours.timeZone;
    }
    sync();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    const channels = [];
    if (appChannel.checked) channels.push({ kind: 'app' });
    if (emailChannel.checked) channels.push({ kind: 'email', address: emailAddress.value.trim() });
    if (webhookChannel.checked) channels.push({ kind: 'webhook', url: webhookUrl.value.trim() });
    const body = { channels, quietHours: quiet.checked ? { start: start.value, end: end.value, timeZone: zone.value.trim() } : null };
    submit.disabled = true;
    try {
      const me = await session.call('PUT', 'me/notifications', body);
      show(me);
      const made = (me.channels ?? []).find((c) => c.kind === 'webhook' && c.signingSecret);
      secretNote.hidden = !made;
      secretNote.textContent = made
        ? `Signing secret of this webhook (shown only now; your receiver checks X-Calor-Signature with it): ${made.signingSecret}`
        : '';
      toast('Notification settings saved.');
    } catch (error) {
      showError(errors, error);
    } finally {
      submit.disabled = false;
    }
  });

  main.append(form, passwordForm(session));
  session
    .get('me', controller.signal)
    .then(show)
    .catch((error) => controller.signal.aborted || showError(errors, error));
  return () => controller.abort();
}

function passwordForm(session) {
  const current = h('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', required: true, minlength: 10 });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'pw-title' },
    h('h2', { id: 'pw-title' }, 'Password'),
    errors,
    field('Current password', current),
    field('New password', next, 'At least 10 characters. Your other sign-ins end.'),
    h('button', { type: 'submit', class: 'secondary' }, 'Change password'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    try {
      await session.call('PUT', 'me/password', { currentPassword: current.value, newPassword: next.value });
      form.reset();
      toast('Password changed.');
    } catch (error) {
      showError(errors, error);
    }
  });
  return form;
}
