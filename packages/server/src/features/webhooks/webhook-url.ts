import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '@dawn/core';

/**
 * Server-side request forgery: an endpoint URL is a request Dawn's server makes on an admin's
 * behalf, so it must not reach the server itself or the private network behind it (databases,
 * cloud metadata at 169.254.169.254). Only http(s), and every address the host name resolves to
 * must be public, unless the installation allows private addresses
 * (DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true, for an on-premises receiver or a test).
 * Checked when the endpoint is registered and again before every delivery (DNS can change).
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isPublicAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const invalid = (message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `url: ${message}`, {
    issues: [{ path: 'body.url', message }],
  });

/** The URL, parsed, or VALIDATION_FAILED with a sentence for the admin. */
export async function checkEndpointUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('is not a web address');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('must start with https:// (or http://)');
  }
  if (url.username || url.password) throw invalid('must not contain a user name or password');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw invalid('names a host that cannot be found');
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw invalid('points at a private or local network address, which this installation refuses');
  }
  return url;
}
