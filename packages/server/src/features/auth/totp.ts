import { Secret, TOTP } from 'otpauth';

/** RFC 6238 TOTP as phone authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Dawn',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function enrolmentDetails(
  secretBase32: string,
  label: string,
): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
  const otpauthUrl = totpFor(secretBase32, label).toString();
  // qrcode (with its PNG encoder) is loaded at the first enrolment, not at every start.
  const { default: QRCode } = await import('qrcode');
  return {
    secret: secretBase32,
    otpauthUrl,
    qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }),
  };
}

/**
 * The time step of a valid code (one step of clock drift either way), or undefined. Callers
 * refuse a step at or before the last one used, so a code works once.
 */
export function matchingStep(secretBase32: string, code: string, now: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/** For tests and the CLI: the code an authenticator would show at `now`. */
export function currentCode(secretBase32: string, now: number): string {
  return totpFor(secretBase32, 'check').generate({ timestamp: now });
}
