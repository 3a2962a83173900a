/**
 * `podsec checklist merge <a.cklb> <b.cklb>... [-o <out>]`: several checklists of one STIG
 * release (one per cluster, host or repository, from podsec or from STIG Viewer) into one, as an
 * assessor combines them: per requirement the worse status, the details and comments of every
 * checklist labelled with its source (evidence/merge.ts). `.cklb` (STIG Viewer 3) and `.ckl`
 * (STIG Viewer 2) are merged each with their own kind.
 */
import * as fs from 'node:fs';
import { mergeCkl, mergeCklb } from '../evidence/merge';
import { ioErrorText } from '../node/errors';
import { parseCommand, UsageError } from './args';
import { InputError } from './files';
import { writeOutputFile } from './output-file';
import type { Io } from './run';

type Kind = 'cklb' | 'ckl';

export const CHECKLIST_HELP = `Usage:
  podsec checklist merge <a.cklb> <b.cklb>... [-o <out.cklb>]
  podsec checklist merge <a.ckl> <b.ckl>... [-o <out.ckl>]

Merges checklists of the same STIG release (.cklb of STIG Viewer 3, or .ckl of STIG Viewer 2; not
mixed) into one, written to standard output or to the file -o / --output names. Per requirement the
merged status is the worse one (Open, then Not Reviewed, then Not a Finding, then Not Applicable);
the finding details and comments of every checklist are kept, each labelled with its source (the
host name, else the checklist title). The first checklist's target data is kept. Checklists of
different STIGs or releases are refused (exit 2).
`;

/** A checklist's kind, by its name, else by its first character. */
function kindOf(file: string, text: string): Kind | undefined {
  if (/\.cklb$/i.test(file)) return 'cklb';
  if (/\.ckl$/i.test(file)) return 'ckl';
  const first = text.trimStart()[0];
  return first === '{' ? 'cklb' : first === '<' ? 'ckl' : undefined;
}

function read(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : ioErrorText(e)}`);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function runChecklist(argv: string[], io: Io): number {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    (sub ? io.out : io.err)(CHECKLIST_HELP);
    return sub ? 0 : 2;
  }
  if (sub !== 'merge')
    throw new UsageError(`unknown checklist command "${sub}": use podsec checklist merge <a.cklb> <b.cklb>... (see podsec checklist --help)`);
  const files: string[] = [];
  let output: string | undefined;
  parseCommand(rest, {
    operand: (f) => {
      if (f === '-') throw new UsageError('checklist merge reads files, not standard input');
      files.push(f);
    },
    unknown: (name) => new UsageError(`unknown option ${name} of checklist merge (see podsec checklist --help)`),
    options: [
      {
        names: ['--output', '-o'],
        apply(v, name) {
          if (!v || v === '-') throw new UsageError(`${name} needs a file name (without it the checklist goes to standard output)`);
          output = v;
        },
      },
    ],
  });
  if (files.length < 2) throw new UsageError(`checklist merge needs at least two checklists, not ${files.length}`);
  const sources = files.map((file) => {
    const text = read(file);
    const kind = kindOf(file, text);
    if (!kind) throw new InputError(`${file} is neither a .cklb (JSON) nor a .ckl (XML) checklist`);
    return { file, text, kind };
  });
  const kind = sources[0].kind;
  const other = sources.find((s) => s.kind !== kind);
  if (other) throw new UsageError(`cannot merge a .${kind} (${sources[0].file}) with a .${other.kind} (${other.file}): merge checklists of one kind`);
  if (output !== undefined) {
    const outKind = /\.cklb$/i.test(output) ? 'cklb' : /\.ckl$/i.test(output) ? 'ckl' : undefined;
    if (outKind && outKind !== kind) throw new UsageError(`the merged checklist is a .${kind}: name it so, not ${output}`);
  }
  let merged: string;
  try {
    merged = kind === 'cklb' ? mergeCklb(...sources.map((s) => ({ text: s.text }))) : mergeCkl(...sources.map((s) => ({ text: s.text })));
  } catch (e) {
    // the merge refuses what it cannot merge with an Error that says why; anything else is a bug
    if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) throw e;
    throw new InputError(`cannot merge ${files.join(', ')}: ${e.message}`);
  }
  if (output !== undefined) writeOutputFile(output, merged);
  else io.out(merged);
  return 0;
}
