/** The formats `--format` accepts, by name (see format.ts for what a format is). */
import { githubFormat, jsonFormat, textFormat, type Format, type OutputFormat } from './format';
import { sarifFormat } from './sarif';

export const OUTPUT_FORMATS: Record<Format, OutputFormat<unknown>> = {
  text: textFormat as OutputFormat<unknown>,
  json: jsonFormat as OutputFormat<unknown>,
  sarif: sarifFormat as OutputFormat<unknown>,
  github: githubFormat as OutputFormat<unknown>,
};
