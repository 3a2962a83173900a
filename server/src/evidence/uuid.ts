/**
 * Name-based UUIDs, version 5 (RFC 4122 section 4.3, SHA-1), so that the same input always gives
 * the same checklist and OSCAL identifiers.
 */
import { createHash } from 'node:crypto';

/** podsec's namespace for every UUID it derives (itself the v5 UUID of `https://podsec.dev/` in the URL namespace). */
export const PODSEC_NAMESPACE = 'c995d552-548c-52bf-9e92-001d66295624';
/** RFC 4122 appendix C */
export const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bytesOf(uuid: string): Buffer {
  if (!UUID.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** The version 5 UUID of `name` (UTF-8) in `namespace`. */
export function uuidv5(name: string, namespace: string = PODSEC_NAMESPACE): string {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50; // version 5
  b[8] = (b[8] & 0x3f) | 0x80; // variant RFC 4122
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A v5 UUID from several name parts, joined unambiguously (each part is length-prefixed). */
export function uuidFrom(...parts: string[]): string {
  return uuidv5(parts.map((p) => `${p.length}:${p}`).join('|'));
}
