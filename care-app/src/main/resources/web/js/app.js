// The caregiver web app: a hash router over a handful of views, one Session per page.

import { Session } from './api.js';
import { toast } from './dom.js';
import { signInView } from './views/signin.js';
import { patientsView } from './views/patients.js';
import { patientView } from './views/patient.js';
import { settingsView } from './views/settings.js';
import { invitationView, passwordResetView } from './views/invitation.js';

const session = new Session();
const main = document.getElementById('main');
const nav = document.getElementById('nav');

/** [pattern, view, needs a sign-in]; a view renders into main and returns a cleanup function. */
const ROUTES = [
  [/^#\/signin$/, signInView, false],
  [/^#\/patients$/, patientsView, true],
  [/^#\/patients\/([^/]+)$/, patientView, true],
  [/^#\/settings$/, settingsView, true],
  [/^#\/join\/([^/]+)$/, invitationView, false],
  [/^#\/reset\/([^/]+)$/, passwordResetView, false],
];

let cleanup = () => {};
let afterSignIn = '#/patients';

function route() {
  const hash = location.hash || '#/patients';
  const match = ROUTES.map(([pattern, view, auth]) => [hash.match(pattern), view, auth]).find(([m]) => m);
  if (!match) {
    location.replace('#/patients');
    return;
  }
  const [groups, view, auth] = match;
  if (auth && !session.signedIn) {
    afterSignIn = hash;
    location.replace('#/signin');
    return;
  }
  if (hash === '#/signin' && session.signedIn) {
    location.replace(afterSignIn);
    return;
  }
  cleanup();
  nav.hidden = !session.signedIn;
  for (const link of nav.querySelectorAll('a')) {
    link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
  }
  main.replaceChildren();
  const params = groups.slice(1).map(decodeURIComponent);
  cleanup = view(main, { session, next: () => afterSignIn }, ...params) ?? (() => {});
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

session.addEventListener('signedout', () => {
  toast('You are signed out.');
  location.hash = '#/signin';
  route();
});

document.getElementById('sign-out').addEventListener('click', async () => {
  await session.signOut();
  afterSignIn = '#/patients';
  location.hash = '#/signin';
});

window.addEventListener('hashchange', route);
await session.restore();
route();
