/**
 * `--output <file>`: a report written to a file as it is made, then put in place whole. The text
 * goes to a temporary file in the same folder, written as UTF-8 bytes (no shell redirection that
 * may re-encode it, as Windows PowerShell 5's `>` does), and replaces the file only when the report
 * is complete: a run that stops half way leaves the old file as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ioErrorText } from '../node/errors';
import { InputError } from './files';

export class OutputFile {
  private fd: number | undefined;
  private readonly tmp: string;
  /** the first write error (reported when the report is committed) */
  private failed: unknown;

  constructor(private readonly target: string) {
    const abs = path.resolve(target);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs, { throwIfNoEntry: false });
    } catch {
      st = undefined; // opening the temporary file says what is wrong
    }
    if (st?.isDirectory()) throw new InputError(`cannot write ${target}: is a directory`);
    this.tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.podsec-${process.pid}-${Date.now()}.tmp`);
    try {
      this.fd = fs.openSync(this.tmp, 'wx', 0o666);
    } catch (e) {
      throw new InputError(`cannot write ${target}: ${ioErrorText(e)}`);
    }
  }

  /** Append text (as UTF-8), or bytes. */
  readonly write = (s: string | Uint8Array): void => {
    if (this.fd === undefined || this.failed !== undefined) return;
    try {
      if (typeof s === 'string') fs.writeSync(this.fd, s, null, 'utf8');
      else for (let done = 0; done < s.length;) done += fs.writeSync(this.fd, s, done);
    } catch (e) {
      this.failed = e;
    }
  };

  /** The report is complete: put it in place (an InputError when it could not be written). */
  commit(): void {
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (fd !== undefined) fs.closeSync(fd);
      if (this.failed !== undefined) throw this.failed;
      fs.renameSync(this.tmp, path.resolve(this.target));
    } catch (e) {
      this.remove();
      throw new InputError(`cannot write ${this.target}: ${ioErrorText(e)}`);
    }
  }

  /** The report is not complete: leave the file as it was. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        /* closing a file written to is not expected to fail; the file is removed either way */
      }
      this.fd = undefined;
    }
    this.remove();
  }

  private remove(): void {
    try {
      fs.unlinkSync(this.tmp);
    } catch {
      /* already gone */
    }
  }
}

/** Write a whole text to `target` as `OutputFile` does. */
export function writeOutputFile(target: string, text: string): void {
  const file = new OutputFile(target);
  file.write(text);
  file.commit();
}
