// The sample's only script: JSON calls to AuthKit's endpoints, as the Next.js guide's forms do.
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const data = await response.json().catch(() => ({}));
  return { status: response.status, ok: response.ok, data, retryAfter: response.headers.get('Retry-After') };
}

// Why a request was refused, in words a user understands.
export function reason(result) {
  if (result.status === 401 && result.data.error) return result.data.error;
  if (result.status === 429) return `Too many attempts. Try again in ${result.retryAfter ?? 'a few'} seconds.`;
  if (result.status === 503) return 'The server is busy. Try again shortly.';
  // A field-keyed 400 (errors.email, errors.password, …): every sentence, field by field.
  if (result.data.errors) return Object.values(result.data.errors).flat().join(' ') || result.data.detail;
  return result.data.detail || result.data.title || 'Something went wrong.';
}

export function text(element, value) {
  element.textContent = value ?? '';
}

export async function signOut() {
  await api('POST', '/api/auth/logout');
  location.assign('/login');
}

// Passkeys (WebAuthn Level 3): the server's options JSON goes to the browser as it is, and the browser's answer goes
// back in its toJSON() form; no base64 handling of our own.
export const passkeysSupported = typeof PublicKeyCredential !== 'undefined'
  && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

export async function createPasskey(options) {
  const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  return credential.toJSON();
}

export async function getPasskey(options, mediation, signal) {
  const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options), mediation, signal });
  return credential.toJSON();
}

// A passkey ceremony: options from `${path}/options`, the browser's answer to `${path}`. Returns the API result, or a
// result with the browser's refusal (the user cancelled, or no passkey of this account is on this device).
export async function passkeyCeremony(path, { create = false, mediation, signal, optionsQuery = '', answerQuery = '' } = {}) {
  const options = await api('POST', `${path}/options${optionsQuery}`);
  if (!options.ok) return options;
  let answer;
  try {
    answer = create ? await createPasskey(options.data) : await getPasskey(options.data, mediation, signal);
  } catch (e) {
    if (e.name === 'AbortError') return { aborted: true, ok: false, status: 0, data: {} };
    return { ok: false, status: 0, data: { detail: 'No passkey was used. Try again, or another way.' } };
  }
  return api('POST', `${path}${answerQuery}`, answer);
}
