/**
 * Generators of text that is YAML-like, broken, or not YAML at all:
 * - `yamlSoup`: lines built from YAML's own pieces (indicators, keys of pod specs, anchors,
 *   tags, quotes, block scalar headers, flow brackets, document markers, directives, template
 *   actions, tabs, CR and CRLF), so the parser meets every odd combination;
 * - `mutatedManifest`: a realistic manifest with a few random edits (deleted or duplicated
 *   ranges, inserted pieces, changed indentation): the kind of broken file an editor holds while
 *   someone types;
 * - `randomBytes`: arbitrary bytes read as UTF-8 (invalid sequences become U+FFFD) or Latin-1,
 *   and arbitrary UTF-16 strings (lone surrogates, NUL, controls).
 */
import fc from 'fast-check';
import { styledFile } from './workloads';

const PIECES = [
  'apiVersion: v1',
  'kind: Pod',
  'kind: Deployment',
  'kind: List',
  'items:',
  'metadata:',
  'name: x',
  'spec:',
  'template:',
  'containers:',
  'initContainers:',
  '- name: c',
  'image: nginx',
  'securityContext:',
  'privileged: true',
  'privileged: yes',
  'hostNetwork: On',
  'runAsUser: 0',
  'allowPrivilegeEscalation:',
  'capabilities: {add: [SYS_ADMIN]}',
  'drop: [ALL]',
  'volumes:',
  '- hostPath: {path: /}',
  'hostPort: 80',
  'sysctls:',
  'seccompProfile: {type: Unconfined}',
  '-',
  '- ',
  '? ',
  ': ',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&a',
  '*a',
  '&b [1, 2]',
  '*b',
  '<<: *a',
  '<<: [*a, *b]',
  '!!str',
  '!custom',
  '!<tag:x>',
  '|',
  '|-',
  '>+',
  '|2',
  '"',
  "'",
  '"esc \\x41 \\u263A \\',
  "'it''s'",
  '#',
  '# comment',
  ' #c',
  '---',
  '...',
  '--- |',
  '%YAML 1.1',
  '%YAML 1.2',
  '%TAG ! tag:x,2000:',
  '{{ .Values.x }}',
  '{{- if .Values.enabled }}',
  '{{ end }}',
  '{{',
  '}}',
  '\t',
  '  ',
  '    ',
  '😀',
  'é',
  '\u2028',
  '\u0085',
  '\u00a0',
  'null',
  '~',
  '0x1F',
  '0o17',
  '1e3',
  '.inf',
  'key with spaces: v',
  '"quoted key": 1',
  'a: b: c',
  '- - - x',
  '[a, [b, {c: d}]]',
  '{a: 1, a: 2}',
  'key: &anchor',
  'x: *undefined',
];

const piece = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });

const line = fc
  .tuple(fc.integer({ min: 0, max: 10 }), fc.array(piece, { minLength: 0, maxLength: 4 }), fc.constantFrom(' ', ''))
  .map(([indent, parts, sep]) => ' '.repeat(indent) + parts.join(sep));

const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

/** Lines of YAML pieces joined by random line breaks. */
export const yamlSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(line, eol), { minLength: 0, maxLength: 30 })
  .map((lines) => lines.map(([l, e]) => l + e).join(''));

type Mutation = { at: number; kind: 'delete' | 'insert' | 'duplicate' | 'indent' | 'dedent'; len: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'indent', 'dedent'),
  len: fc.integer({ min: 1, max: 40 }),
  text: fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom('\n', '\r\n', ': ', '- ', '---\n', '  ', '\t')),
});

function mutate(text: string, m: Mutation): string {
  if (!text.length) return m.text;
  const at = m.at % (text.length + 1);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate':
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case 'indent':
    case 'dedent': {
      const ls = text.lastIndexOf('\n', at - 1) + 1;
      if (m.kind === 'indent') return text.slice(0, ls) + ' '.repeat(1 + (m.len % 4)) + text.slice(ls);
      return text[ls] === ' ' ? text.slice(0, ls) + text.slice(ls + 1) : text;
    }
  }
}

/** A styled manifest after 1-4 random edits. */
export const mutatedManifest: fc.Arbitrary<string> = fc
  .tuple(styledFile, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([file, ms]) => ms.reduce(mutate, file.text));

/** Arbitrary bytes and code units, decoded the ways a text could reach the engine. */
export const randomBytes: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('utf8')),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', '\u0000', '\uFFFE', '\uFEFF', '\r', '\n', ' ', '-', ':', '#', '{', '[', 'a', '😀'), maxLength: 300 }),
);
