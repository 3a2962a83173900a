/**
 * The commands the server executes (`workspace/executeCommand`), by name. The names are part of
 * the protocol (shared/protocol.ts, SERVER_COMMANDS); code actions hand them to the client.
 */
import { MessageType, ShowDocumentRequest, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { SERVER_COMMANDS } from '../../../shared/protocol';
import { RULES_BY_ID } from '../engine/profiles';
import type { ServerContext } from './context';

type Command = (ctx: ServerContext, args: unknown[]) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  /** `[ruleId]`: open the rule's page, or say where it is when the client cannot open it */
  async [SERVER_COMMANDS.showRuleDocumentation](ctx, args) {
    const ruleId = String(args[0] ?? '');
    const rule = RULES_BY_ID.get(ruleId);
    if (!rule) {
      ctx.tell(MessageType.Error, `podsec: unknown rule "${ruleId}".`);
      return;
    }
    const href = ctx.ruleDocs.href(ruleId);
    const local = href.startsWith('file:');
    if (ctx.features.showDocument && local) {
      await ctx.connection.sendRequest(ShowDocumentRequest.type, { uri: href, takeFocus: true });
    } else {
      ctx.tell(MessageType.Info, `podsec ${ruleId}: ${rule.meta.title}. ${rule.meta.description} Documentation: ${local ? ctx.ruleDocs.file(ruleId) : href}`);
    }
  },

  /** `[uri, start, end]`: select a fix's suggested value; runs after the client applied the fix, so the document already holds it */
  async [SERVER_COMMANDS.selectPlaceholder](ctx, args) {
    const [uri, start, end] = args;
    const state = ctx.documents.get(String(uri));
    if (!state || !ctx.features.showDocument || typeof start !== 'number' || typeof end !== 'number') return;
    const selection = { start: state.analysis.positionAt(start), end: state.analysis.positionAt(end) };
    await ctx.connection.sendRequest(ShowDocumentRequest.type, { uri: state.uri, selection, takeFocus: true });
  },
};

/** The commands, for the server's capabilities. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

export async function executeCommand(ctx: ServerContext, params: ExecuteCommandParams): Promise<null> {
  const command = Object.hasOwn(COMMANDS, params.command) ? COMMANDS[params.command] : undefined;
  try {
    await command?.(ctx, params.arguments ?? []);
  } catch (e) {
    ctx.failed('executeCommand', e);
  }
  return null;
}
