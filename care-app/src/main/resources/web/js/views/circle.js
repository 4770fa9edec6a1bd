// The patient's care circle: members, and (for owners) invitations.

import { h, fill, field, showError, toast } from '../dom.js';
import { seg } from '../api.js';
import { when } from '../format.js';

const ROLE_WORDS = { owner: 'Owner', family: 'Family', clinician: 'Clinician' };

export function circlePanel(section, session, base, patient, signal, onMembers) {
  const owner = patient.role === 'owner';
  const members = h('ul', { class: 'members', id: 'members' });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  section.append(h('h2', { id: 'circle-title' }, 'Care circle'), errors, members);

  async function loadMembers() {
    try {
      const list = await session.get(`${base}/members`, signal);
      onMembers?.(list);
      fill(
        members,
        list.map((m) =>
          h(
            'li',
            {},
            h('span', {}, m.displayName, m.caregiverId === session.caregiver?.caregiverId ? ' (you)' : ''),
            h('span', { class: 'muted small' }, ` ${ROLE_WORDS[m.role] ?? m.role}${m.escalationRank ? ` · alerted ${ordinal(m.escalationRank)}` : ''}`),
          ),
        ),
      );
    } catch (error) {
      if (!signal.aborted) showError(errors, error);
    }
  }
  loadMembers();
  if (owner) section.append(invitePanel(session, base, signal));
}

function ordinal(n) {
  return { 1: 'first', 2: 'second', 3: 'third' }[n] ?? `${n}th`;
}

function invitePanel(session, base, signal) {
  const role = h(
    'select',
    { id: 'invite-role', name: 'role' },
    h('option', { value: 'family' }, 'Family: sees everything, acknowledges alerts'),
    h('option', { value: 'clinician' }, 'Clinician: also sets thresholds'),
    h('option', { value: 'owner' }, 'Owner: also manages the circle and the patch'),
  );
  const email = h('input', { type: 'email', id: 'invite-email', name: 'email', autocomplete: 'off' });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const result = h('div', { id: 'invite-result', 'aria-live': 'polite' });
  const open = h('ul', { class: 'invitations', id: 'open-invitations' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'invite' }, 'Create invitation');
  const form = h(
    'form',
    { 'aria-labelledby': 'invite-title' },
    h('h3', { id: 'invite-title' }, 'Invite a family member'),
    errors,
    field('Role', role),
    field('E-mail (optional)', email, 'We e-mail the link when an address is given; you can also share it yourself.'),
    submit,
  );

  function linkOf(invitation) {
    return invitation.link || new URL(`#/join/${seg(invitation.code)}`, location.href).href;
  }

  async function loadOpen() {
    try {
      const list = await session.get(`${base}/invitations`, signal);
      fill(
        open,
        list.map((inv) =>
          h(
            'li',
            {},
            `${ROLE_WORDS[inv.role] ?? inv.role}${inv.email ? ` · ${inv.email}` : ''} · until ${when(inv.expiresAt)} `,
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: async () => {
                  await session.call('DELETE', `${base}/invitations/${seg(inv.invitationId)}`);
                  toast('Invitation withdrawn.');
                  loadOpen();
                },
              },
              'Withdraw',
            ),
          ),
        ),
      );
    } catch (error) {
      if (!signal.aborted) showError(errors, error);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    submit.disabled = true;
    try {
      const body = { role: role.value };
      if (email.value.trim()) body.email = email.value.trim();
      const invitation = await session.call('POST', `${base}/invitations`, body);
      const link = linkOf(invitation);
      const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy link');
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(link);
          toast('Link copied.');
        } catch {
          toast('Select the link and copy it.');
        }
      });
      fill(
        result,
        h('p', {}, 'Send this link (valid 7 days, for one person):'),
        h('p', {}, h('a', { href: link, class: 'invite-link', id: 'invite-link' }, link)),
        h('p', { class: 'muted small' }, 'Code: ', h('code', {}, invitation.code)),
        copy,
      );
      email.value = '';
      loadOpen();
    } catch (error) {
      showError(errors, error);
    } finally {
      submit.disabled = false;
    }
  });
  loadOpen();
  return h('div', { class: 'invite' }, form, result, h('h3', {}, 'Open invitations'), open);
}
