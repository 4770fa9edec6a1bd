import { h, field, showError } from '../dom.js';

export function signInView(main, { session, next }) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'email' });
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
    id: 'password',
  });
  const keep = h('input', { type: 'checkbox', name: 'keep', id: 'keep' });
  const errors = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('p', { class: 'muted' }, 'Follow the temperature of the people you care for.'),
    errors,
    field('E-mail', email),
    field('Password', password),
    h('div', { class: 'check' }, keep, h('label', { for: 'keep' }, 'Keep me signed in on this device')),
    submit,
    h('p', { class: 'muted small' }, 'New here? Open the invitation link a family member sent you.'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      await session.signIn(email.value.trim(), password.value, keep.checked);
      location.hash = next();
    } catch (error) {
      showError(
        errors,
        error.status === 401 ? { message: 'That e-mail and password do not match an account.' } : error,
      );
      password.select();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });
  main.append(form);
  email.focus();
}
