// Runs the real npm packages for AuthKit's Next.js interop tests. Started by the tests as
//   node --input-type=module --eval "<this file>"   (cwd = the folder holding node_modules)
// with one JSON request on stdin; writes one JSON answer on stdout. Never prints secrets beyond what it was given.
import { SignJWT, jwtVerify } from 'jose';
import { sealData, unsealData } from 'iron-session';
import { seal, unseal, defaults } from 'iron-webcrypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const key = (secret) => new TextEncoder().encode(secret);

async function run(r) {
  switch (r.op) {
    case 'totp': {
      // otplib (an implementation independent of AuthKit's): the code of a Base32 secret at a Unix time.
      const { generateSync } = await import('otplib');
      return { code: generateSync({ secret: r.secret, epoch: r.epoch }) };
    }
    case 'jose-sign': {
      // As the Next.js guide's lib/session.ts encrypt(): alg HS256, iat, exp.
      const jwt = new SignJWT(r.payload).setProtectedHeader({ alg: r.alg ?? 'HS256' });
      jwt.setIssuedAt(r.iat);
      jwt.setExpirationTime(r.exp);
      return { token: await jwt.sign(key(r.secret)) };
    }
    case 'jose-verify': {
      // As the guide's decrypt(): jwtVerify(session, encodedKey, { algorithms: ['HS256'] }).
      try {
        const { payload, protectedHeader } = await jwtVerify(r.token, key(r.secret), {
          algorithms: ['HS256'],
          currentDate: r.now ? new Date(r.now) : undefined,
        });
        return { ok: true, payload, header: protectedHeader };
      } catch (error) {
        return { ok: false, error: error.code ?? String(error) };
      }
    }
    case 'iron-seal':
      // iron-session's own sealData: highest password id seals, '~2' appended, ttl in seconds.
      return { seal: await sealData(r.data, { password: r.password, ttl: r.ttl }) };
    case 'iron-seal-at': {
      // iron-webcrypto's seal at a given clock (for expiry tests), plus iron-session's '~2' suffix.
      const ids = Object.keys(r.password).map(Number);
      const id = String(Math.max(...ids));
      const sealed = await seal(r.data, { id, secret: r.password[id] }, {
        ...defaults, ttl: r.ttl * 1000, localtimeOffsetMsec: r.now - Date.now(),
      });
      return { seal: `${sealed}~2` };
    }
    case 'iron-unseal': {
      // iron-session's unsealData returns {} for anything it refuses; report why through onUnsealError.
      let reason = null;
      const data = await unsealData(r.seal, { password: r.password, ttl: r.ttl, onUnsealError: (kind) => { reason = kind; } });
      return reason ? { ok: false, error: reason } : { ok: true, data };
    }
    case 'iron-unseal-at': {
      // iron-webcrypto's unseal at a given clock; strips the '~2' suffix like iron-session does.
      try {
        const body = r.seal.includes('~') ? r.seal.slice(0, r.seal.indexOf('~')) : r.seal;
        const data = await unseal(body, r.password, { ...defaults, ttl: r.ttl * 1000, localtimeOffsetMsec: r.now - Date.now() });
        return { ok: true, data };
      } catch (error) {
        return { ok: false, error: error.message };
      }
    }
    default:
      throw new Error(`unknown op ${r.op}`);
  }
}

process.stdout.write(JSON.stringify(await run(request)));
