/** The formats `--format` accepts, by name (see format.ts for what a format is). */
import { githubFormat, jsonFormat, textFormat, type Format, type OutputFormat } from './format';
import { evidenceFormat } from './evidence';
import { sarifFormat } from './sarif';

export const OUTPUT_FORMATS: Record<Format, OutputFormat<unknown>> = {
  text: textFormat as OutputFormat<unknown>,
  json: jsonFormat as OutputFormat<unknown>,
  sarif: sarifFormat as OutputFormat<unknown>,
  github: githubFormat as OutputFormat<unknown>,
  cklb: evidenceFormat as OutputFormat<unknown>,
  ckl: evidenceFormat as OutputFormat<unknown>,
  oscal: evidenceFormat as OutputFormat<unknown>,
};
