// A real OpenID Connect provider for AuthKit's external sign-in tests: panva's oidc-provider (OpenID Certified), on
// a loopback port, with one confidential client (code flow, PKCE) and its development login page.
//
//   node server.mjs <port>        prints "listening <issuer>" when ready
//
// The login page takes any login and password. The login names the account's claims, so each test makes the user it
// needs: "<name>;<email>;<verified>[;mfa]" (email may be empty; verified: true or false; ";mfa" makes the test driver
// post the login with ?mfa=1, which adds amr ["pwd", "mfa"] to the session).
// The whole login is the account id and the subject, so signing in with the same login is the same person.
// Redirect URIs: any http(s) loopback URI ending in /signin-oidc (test apps listen on random ports).
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 0);

// The test process that started this one may end without stopping it (a test host killed at the end of a run): then
// this one ends too, instead of living on.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1000).unref();
const issuer = `http://127.0.0.1:${port}`;

function claimsOf(id) {
  const [, email, verified] = id.split(';');
  const claims = { sub: id };
  if (email) {
    claims.email = email;
    claims.email_verified = verified === 'true';
  }
  return claims;
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'authkit-tests',
    client_secret: 'authkit-tests-secret',
    redirect_uris: ['https://localhost/signin-oidc'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return claimsOf(id); } };
  },
  cookies: { keys: ['authkit-test-provider-cookie-key'] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, IdToken: 600, AccessToken: 600 },
});
provider.proxy = false;

// A login form posted with ?mfa=1 finishes the login prompt with amr ["pwd", "mfa"], as a provider that asked for a
// second factor would; every other request is the development interactions' own.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && /^\/interaction\/[^/]+$/.test(ctx.path) && ctx.query.mfa === '1') {
    const chunks = [];
    for await (const chunk of ctx.req) {
      chunks.push(chunk);
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    ctx.respond = false;
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: form.get('login'), amr: ['pwd', 'mfa'] } }, { mergeWithLastSubmission: false });
    return;
  }
  await next();
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

// Test apps listen on random loopback ports: allow any loopback redirect URI on the callback path.
const allowed = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(uri) {
  try {
    const url = new URL(uri);
    if (['localhost', '127.0.0.1'].includes(url.hostname) && url.pathname === '/signin-oidc') {
      return true;
    }
  } catch {
    return false;
  }
  return allowed.call(this, uri);
};

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
