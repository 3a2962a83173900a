/**
 * The admission configuration a configuration names (`admissionConfiguration:`,
 * `--admission-configuration`), read from disk as data: it must be a regular YAML file that holds
 * a PodSecurity configuration (an AdmissionConfiguration with a PodSecurity plugin, or a
 * PodSecurityConfiguration). Both front ends read it with this, so a wrong path is the same
 * error in the editor (a problem on the key) and in the CLI (exit 2).
 */
import * as fs from 'node:fs';
import { extractFacts } from '../engine/cluster/facts';
import type { FileFacts } from '../engine/cluster/types';
import { ioErrorText } from './errors';

/** An admission configuration is a short file; a larger one is refused rather than read. */
export const MAX_ADMISSION_FILE_BYTES = 4 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The facts of the named admission configuration, or why it cannot be used (a sentence without the path). */
export function readAdmissionConfiguration(abs: string): { facts: FileFacts } | { error: string } {
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : ioErrorText(e) };
  }
  // a device or a pipe named by a hostile configuration is never opened
  if (!st.isFile()) return { error: 'not a regular file' };
  if (st.size > MAX_ADMISSION_FILE_BYTES) return { error: `larger than ${MAX_ADMISSION_FILE_BYTES / 1024 / 1024} MB, not an admission configuration` };
  let text: string;
  try {
    text = decoder.decode(fs.readFileSync(abs));
  } catch (e) {
    return { error: e instanceof TypeError ? 'not UTF-8 text' : ioErrorText(e) };
  }
  const facts = extractFacts(abs, text);
  const config = facts.psaConfigs[0];
  if (!config)
    return {
      error:
        'it holds no PodSecurity configuration (an AdmissionConfiguration, apiserver.config.k8s.io/v1, with a PodSecurity plugin, or a PodSecurityConfiguration, pod-security.admission.config.k8s.io/v1)',
    };
  if (config.noPodSecurityPlugin) return { error: 'its AdmissionConfiguration has no PodSecurity plugin' };
  return { facts };
}
