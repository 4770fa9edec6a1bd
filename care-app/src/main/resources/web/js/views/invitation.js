// Public pages reached by a link: joining a care circle, and setting a new password.

import { h, fill, field, showError } from '../dom.js';
import { publicApi } from '../api.js';

const ROLE_WORDS = { owner: 'an owner', family: 'family', clinician: 'a clinician' };

export function invitationView(main, { session }, code) {
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const card = h('div', { class: 'card narrow' }, h('h1', {}, 'Join a care circle'), errors, h('p', { class: 'muted' }, 'Checking the invitation…'));
  main.append(card);
  publicApi
    .invitation(code)
    .then((invitation) => fill(card, h('h1', {}, 'Join a care circle'), errors, acceptForm(session, code, invitation, errors)))
    .catch((error) =>
      fill(
        card,
        h('h1', {}, 'Join a care circle'),
        h('p', { role: 'alert' }, error.status === 404 ? 'This invitation is unknown, already used or expired. Ask for a new one.' : error.message),
      ),
    );
}

function acceptForm(session, code, invitation, errors) {
  const name = h('input', { id: 'join-name', autocomplete: 'name', required: true });
  const email = h('input', { id: 'join-email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'join-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'join' }, 'Join');
  const form = h(
    'form',
    {},
    h('p', {}, `${invitation.invitedBy} invites you to care for `, h('strong', {}, invitation.patientDisplayName), ` as ${ROLE_WORDS[invitation.role] ?? invitation.role}.`),
    field('Your name', name),
    field('E-mail', email),
    field('Password', password, 'At least 10 characters. Already have an account? Use its e-mail and password.'),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    submit.disabled = true;
    try {
      await session.acceptInvitation(code, { displayName: name.value.trim(), email: email.value.trim(), password: password.value }, false);
      location.hash = '#/patients';
    } catch (error) {
      showError(errors, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export function passwordResetView(main, _context, code) {
  const password = h('input', { id: 'reset-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h(
    'form',
    { class: 'card narrow' },
    h('h1', {}, 'Choose a new password'),
    errors,
    field('New password', password, 'At least 10 characters. Every other sign-in of your account ends.'),
    h('button', { type: 'submit', class: 'primary' }, 'Set password'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    try {
      await publicApi.resetPassword(code, password.value);
      fill(form, h('h1', {}, 'Password set'), h('p', {}, h('a', { href: '#/signin' }, 'Sign in with your new password')));
    } catch (error) {
      showError(errors, error.status === 404 ? { message: 'This link is unknown, already used or expired.' } : error);
    }
  });
  main.append(form);
}
