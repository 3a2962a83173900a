/**
 * Pod Security Standards policy versions. A version names the Kubernetes minor release whose
 * rules apply (`v1.30`); `latest` is the newest this release of podsec knows. As in Pod
 * Security Admission, a version newer than the newest known one evaluates as the newest.
 */

/** Newest policy version with rules of its own. */
export const LATEST_MINOR = 37;

export class VersionError extends Error {}

/** Parse `latest`, `v1.N` or `1.N` into the minor number N. */
export function parseVersion(v: string | number | undefined): number {
  if (v === undefined || v === 'latest' || v === '') return LATEST_MINOR;
  if (typeof v === 'number') return clamp(v);
  const m = /^v?1\.(\d{1,3})$/.exec(v.trim());
  if (!m) throw new VersionError(`invalid Pod Security Standards version "${v}": use "latest" or v1.N (v1.0 to v1.${LATEST_MINOR})`);
  return clamp(Number(m[1]));
}

function clamp(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new VersionError(`invalid Pod Security Standards version ${n}`);
  return Math.min(n, LATEST_MINOR);
}

export function formatVersion(minor: number): string {
  return `v1.${minor}`;
}
