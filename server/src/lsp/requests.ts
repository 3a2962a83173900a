/**
 * Requests about an open document: hover, code actions and the effective configuration. Each
 * waits for the document's configuration; a document that is not analysed (not YAML, a
 * `.podsec.yaml`, excluded, too large) gets an empty answer.
 */
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeActionParams, Hover, HoverParams } from 'vscode-languageserver/node';
import { EFFECTIVE_CONFIGURATION_REQUEST, type EffectiveConfigurationParams, type EffectiveConfigurationResult } from '../../../shared/protocol';
import { YAML_SYNTAX } from '../engine/chunk-analysis';
import { formatVersion } from '../engine/versions';
import { codeActions } from './codeActions';
import type { ServerContext } from './context';
import { quietSyntaxFor } from './diagnostics-report';
import type { DocumentConfig } from './document-config';
import type { DocState } from './document-state';
import { findingsAt, hoverMarkdown, notesAt } from './hover';

export class DocumentRequests {
  constructor(
    private readonly ctx: ServerContext,
    private readonly config: DocumentConfig,
  ) {}

  hover(params: HoverParams): Promise<Hover | null> {
    return this.ctx.guardAsync('hover', null, async () => {
      const state = await this.analysed(params.textDocument.uri);
      if (!state) return null;
      const pos = params.position;
      // the line must be analysed: not yet (a large file being analysed), or again (its context changed)
      state.analysis.analyzeLines(pos.line, pos.line);
      const quiet = quietSyntaxFor(state.analysis, state.languageId, state.filePath);
      const found = findingsAt(state.analysis.findingsInLines(pos.line, pos.line), pos).filter((f) => !(quiet && f.ruleId === YAML_SYNTAX));
      const notes = notesAt(state.analysis.notesInLines(pos.line, pos.line), pos);
      if (!found.length && !notes.length) return null;
      const value = hoverMarkdown(found, this.ctx.ruleDocs, state.conf!.rules.profile, notes);
      // a note is about the whole object: no range to highlight
      return found.length ? { contents: { kind: 'markdown' as const, value }, range: found[0].range } : { contents: { kind: 'markdown' as const, value } };
    });
  }

  codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    return this.ctx.guardAsync('codeAction', [], async () => {
      const state = await this.analysed(params.textDocument.uri);
      if (!state) return [];
      // the lines asked about must be analysed (fix-all analyses the rest when it is wanted)
      const lines = [params.range.start.line, params.range.end.line, ...params.context.diagnostics.flatMap((d) => [d.range.start.line, d.range.end.line])];
      state.analysis.analyzeLines(Math.min(...lines), Math.max(...lines));
      const { documentChanges } = this.ctx.features;
      const actions = codeActions(
        { uri: state.uri, version: state.version, doc: state.analysis, cfg: state.conf!.rules, documentChanges },
        params.context.diagnostics,
        params.context.only,
      );
      state.logRuleErrors((m) => this.ctx.error(m));
      return actions;
    });
  }

  effectiveConfiguration(params: EffectiveConfigurationParams | undefined): Promise<EffectiveConfigurationResult | null> {
    return this.ctx.guardAsync(EFFECTIVE_CONFIGURATION_REQUEST, null, async () => {
      const state = this.ctx.documents.get(params?.textDocument?.uri ?? '');
      return state ? this.effective(state) : null;
    });
  }

  /** A document's profile, Pod Security version and configuration file, and the keys that file sets. */
  private async effective(state: DocState): Promise<EffectiveConfigurationResult> {
    const conf = await this.config.ensure(state);
    const loaded = conf.configFile;
    return {
      profile: conf.rules.profile,
      pssVersion: formatVersion(conf.rules.version),
      configFile: loaded ? pathToFileURL(loaded.path).href : null,
      fromConfigFile: loaded
        ? Object.entries(loaded.config)
            .filter(([, v]) => v !== undefined)
            .map(([k]) => k)
        : [],
    };
  }

  /** An open document that is analysed (its configuration known), or undefined. */
  private async analysed(uri: string): Promise<DocState | undefined> {
    const state = this.ctx.documents.get(uri);
    if (!state || !state.eligible || state.isConfigFile) return undefined;
    const conf = await this.config.ensure(state);
    if (state.closed || conf.excluded || state.analysis.length > conf.maxChars) return undefined;
    return state;
  }
}
