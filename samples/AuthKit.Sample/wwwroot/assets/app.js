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
  if (result.data.errors) return result.data.errors.map(e => e.description).join(' ');
  return result.data.detail || result.data.title || 'Something went wrong.';
}

export function text(element, value) {
  element.textContent = value ?? '';
}

export async function signOut() {
  await api('POST', '/api/auth/logout');
  location.assign('/login');
}
