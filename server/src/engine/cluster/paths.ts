/**
 * Path arithmetic for the cluster context, without `node:path` (the engine runs anywhere): paths
 * are compared in a normal form with `/` separators, `.` and `..` resolved. Front ends pass
 * absolute paths; Windows paths (`C:\x`) work the same way.
 */

/** `/`-separated, no `.`/`..` segments, no duplicate or trailing separators. */
export function normalizePath(p: string): string {
  const s = p.replace(/\\/g, '/');
  const abs = s.startsWith('/');
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

export function dirOf(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : n.slice(0, i);
}

export function baseOf(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

/** `rel` resolved against folder `dir` (an absolute `rel` stays as it is). */
export function joinPath(dir: string, rel: string): string {
  const r = rel.replace(/\\/g, '/');
  if (r.startsWith('/') || /^[A-Za-z]:\//.test(r)) return normalizePath(r);
  return normalizePath(`${dir}/${r}`);
}

/** `file` is `dir` or lies below it (both normalised). */
export function isUnder(file: string, dir: string): boolean {
  if (dir === '/' || dir === '.') return true;
  return file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** `to` as a path relative to folder `from` (both absolute): `../kustomization.yaml`. */
export function relativePath(from: string, to: string): string {
  const a = normalizePath(from).split('/').filter(Boolean);
  const b = normalizePath(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
