// The care-app API (/api/v1) and the caregiver's sign-in: a short-lived access token kept in memory only,
// renewed with the single-use refresh token before it runs out.

export const API = new URL('api/v1/', document.baseURI).pathname;
const REFRESH_KEY = 'calor.refreshToken';
const RENEW_BEFORE_SECONDS = 30;

/** An RFC 9457 problem returned by the API. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.fieldErrors = problem?.errors ?? [];
  }
}

async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      // fall through to the status line
    }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

async function send(method, path, { body, token, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : null;
}

/** Requests that need no sign-in: invitations and password resets. */
export const publicApi = {
  invitation: (code) => send('GET', `invitations/${encodeURIComponent(code)}`),
  resetPassword: (code, password) => send('POST', `password-resets/${encodeURIComponent(code)}`, { body: { password } }),
};

/** The signed-in caregiver; one per page. */
export class Session extends EventTarget {
  #access = null;
  #refresh = null;
  #renewTimer = null;
  #renewing = null;
  caregiver = null;
  /** Whether the sign-in survives closing the tab (the refresh token is then kept in localStorage). */
  keep = undefined;

  /** Restores a sign-in kept by a previous page (this tab, or this device when asked to). */
  async restore() {
    this.#refresh = sessionStorage.getItem(REFRESH_KEY) ?? localStorage.getItem(REFRESH_KEY);
    if (!this.#refresh) return false;
    try {
      await this.renew();
      return true;
    } catch {
      this.#forget();
      return false;
    }
  }

  get signedIn() {
    return this.#access != null;
  }

  async signIn(email, password, keep) {
    this.keep = keep;
    this.#accept(await send('POST', 'auth/login', { body: { email, password } }));
  }

  /** Joins a care circle through an invitation code, creating the account or adding the membership. */
  async acceptInvitation(code, account, keep) {
    this.keep = keep;
    this.#accept(await send('POST', `invitations/${encodeURIComponent(code)}/accept`, { body: account }));
  }

  async signOut() {
    const token = this.#access;
    this.#forget();
    if (token) {
      try {
        await send('POST', 'auth/logout', { token });
      } catch {
        // the tokens are gone from this page either way
      }
    }
  }

  /** Exchanges the refresh token for new tokens; concurrent callers share one exchange. */
  renew() {
    if (!this.#renewing) {
      this.#renewing = send('POST', 'auth/refresh', { body: { refreshToken: this.#refresh } })
        .then((tokens) => this.#accept(tokens))
        .finally(() => {
          this.#renewing = null;
        });
    }
    return this.#renewing;
  }

  /** The current access token (for the live stream). */
  async token() {
    if (!this.#access) await this.renew();
    return this.#access;
  }

  /** An API call with the access token; renews once on 401, signs out if that fails. */
  async call(method, path, body, signal) {
    try {
      return await send(method, path, { body, signal, token: await this.token() });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      try {
        await this.renew();
      } catch (renewal) {
        this.#forget();
        throw renewal;
      }
      return send(method, path, { body, signal, token: this.#access });
    }
  }

  get(path, signal) {
    return this.call('GET', path, undefined, signal);
  }

  #accept(tokens) {
    this.#access = tokens.accessToken;
    this.#refresh = tokens.refreshToken;
    if (tokens.caregiver) this.caregiver = tokens.caregiver;
    const keep = this.keep ?? localStorage.getItem(REFRESH_KEY) != null;
    (keep ? localStorage : sessionStorage).setItem(REFRESH_KEY, this.#refresh);
    (keep ? sessionStorage : localStorage).removeItem(REFRESH_KEY);
    clearTimeout(this.#renewTimer);
    const seconds = Math.max(5, (tokens.expiresIn ?? 300) - RENEW_BEFORE_SECONDS);
    this.#renewTimer = setTimeout(() => this.renew().catch(() => this.#forget()), seconds * 1000);
    this.dispatchEvent(new Event('change'));
  }

  #forget() {
    const was = this.#access != null || this.#refresh != null;
    clearTimeout(this.#renewTimer);
    this.#access = null;
    this.#refresh = null;
    this.caregiver = null;
    this.keep = undefined;
    sessionStorage.removeItem(REFRESH_KEY);
    localStorage.removeItem(REFRESH_KEY);
    if (was) this.dispatchEvent(new Event('signedout'));
  }
}

/** A path segment. */
export const seg = encodeURIComponent;
