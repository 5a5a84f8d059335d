import { randomBytes } from 'node:crypto';
import { createSessionKeyVault, parseSealingSecrets } from '../../../src/ksef/session-key-vault';
import type { SealBinding } from '../../../src/ksef/session-key-vault';

const OLD = { kid: 'k2026a', key: randomBytes(32) };
const NEW = { kid: 'k2026b', key: randomBytes(32) };
const material = { key: randomBytes(32), iv: randomBytes(16) };
const binding: SealBinding = {
  sessionReferenceNumber: '20261202-SO-0123456789-ABCDEF0123-4F',
  context: 'token:abc',
};
const inAnHour = new Date(Date.now() + 3_600_000);

describe('sealed session key handles', () => {
  it('open for the session and context they were sealed for, giving the key and IV back', () => {
    const vault = createSessionKeyVault([OLD]);
    const handle = vault.seal(material, binding, inAnHour);
    expect(handle).toMatch(/^v1\.k2026a\.[A-Za-z0-9_-]+$/);
    const opened = vault.open(handle, binding);
    expect(opened).toEqual({ ok: true, material, expiresAt: inAnHour });
  });

  it('hold neither the key nor the IV in any readable form', () => {
    const handle = createSessionKeyVault([OLD]).seal(material, binding, inAnHour);
    for (const secret of [material.key, material.iv]) {
      for (const encoding of ['base64', 'base64url', 'hex'] as const) {
        expect(handle).not.toContain(secret.toString(encoding).replace(/=+$/, '').slice(0, 12));
      }
    }
  });

  it('refuse another session, another context, a tampered handle and an expired one', () => {
    const vault = createSessionKeyVault([OLD]);
    const handle = vault.seal(material, binding, inAnHour);
    const other = { ...binding, sessionReferenceNumber: '20261202-SO-9999999999-ABCDEF0123-4F' };
    expect(vault.open(handle, other)).toEqual({ ok: false, reason: 'not-this-session-or-caller' });
    expect(vault.open(handle, { ...binding, context: 'token:other' })).toEqual({
      ok: false,
      reason: 'not-this-session-or-caller',
    });
    const last = handle.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${handle.slice(0, -2)}${last}${handle.at(-1)}`;
    expect(vault.open(tampered, binding).ok).toBe(false);
    expect(vault.open(handle, binding, new Date(inAnHour.getTime() + 1))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(vault.open('v1.k2026a.!!', binding)).toEqual({ ok: false, reason: 'malformed' });
    expect(vault.open('x'.repeat(10_000), binding)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rotate: the first secret seals, every listed one opens, a dropped one no longer does', () => {
    const sealedOld = createSessionKeyVault([OLD]).seal(material, binding, inAnHour);
    const rotated = createSessionKeyVault([NEW, OLD]);
    expect(rotated.open(sealedOld, binding).ok).toBe(true);
    const sealedNew = rotated.seal(material, binding, inAnHour);
    expect(sealedNew).toMatch(/^v1\.k2026b\./);
    expect(createSessionKeyVault([NEW]).open(sealedOld, binding)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });
});

describe('GATEWAY_KEY_SECRETS', () => {
  it('reads kid:base64 pairs, the first one sealing', () => {
    const text = `${NEW.kid}:${NEW.key.toString('base64')}, ${OLD.kid}:${OLD.key.toString('base64')}`;
    expect(parseSealingSecrets(text)).toEqual({ ok: true, secrets: [NEW, OLD] });
  });

  it('names what is wrong without echoing a secret', () => {
    const short = randomBytes(16).toString('base64');
    const result = parseSealingSecrets(
      `a:${short},bad id:${short},a:${NEW.key.toString('base64')},b`,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'the secret of a is not Base64 of 32 bytes',
        'entry 2 is not kid:base64 with a key id of [A-Za-z0-9_-]{1,32}',
        'entry 4 is not kid:base64 with a key id of [A-Za-z0-9_-]{1,32}',
      ],
    });
    expect(JSON.stringify(result)).not.toContain(short);
    expect(
      parseSealingSecrets(`a:${NEW.key.toString('base64')},a:${OLD.key.toString('base64')}`),
    ).toEqual({ ok: false, problems: ['key id a is listed twice'] });
  });
});
