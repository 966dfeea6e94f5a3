import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a random 96-bit nonce. The sealed form is `v1.<iv>.<tag>.<ciphertext>` in
 * base64url. Additional data binds a ciphertext to its row (a person's identity cannot be moved
 * to another person's row and still decrypt).
 */
export function seal(key: Buffer, plaintext: Buffer, additionalData: string): string {
  return sealWithNonce(key, randomBytes(12), plaintext, additionalData);
}

/**
 * Seals `plaintext` under a fresh data key and wraps that key under `masterKey` (each with its own
 * additional data). The key and both nonces come from one draw of the system's random source
 * instead of three (issue 11: each draw cost about 5 µs, a tenth of sealing an identity), and the
 * key is wiped once wrapped.
 */
export function sealUnderFreshKey(
  masterKey: Buffer,
  plaintext: Buffer,
  additionalData: string,
  keyAdditionalData: string,
): { ciphertext: string; wrappedDataKey: string } {
  const drawn = randomBytes(56);
  const dataKey = drawn.subarray(0, 32);
  try {
    return {
      ciphertext: sealWithNonce(dataKey, drawn.subarray(32, 44), plaintext, additionalData),
      wrappedDataKey: sealWithNonce(masterKey, drawn.subarray(44, 56), dataKey, keyAdditionalData),
    };
  } finally {
    drawn.fill(0);
  }
}

function sealWithNonce(key: Buffer, iv: Buffer, plaintext: Buffer, additionalData: string): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function open(key: Buffer, sealed: string, additionalData: string): Buffer {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error('not a sealed value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(additionalData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}
