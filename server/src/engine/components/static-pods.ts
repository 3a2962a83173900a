/**
 * Components run in containers: the control-plane static pods of kubeadm
 * (`/etc/kubernetes/manifests/kube-apiserver.yaml`, ...) and kubelets run in a container, found
 * by the program their command runs (directly, through `hyperkube <component>`, or in a shell
 * script), with their flags read as the component reads them (flags.ts).
 */
import type { YNode } from '../model';
import type { ContainerRef } from '../workloads';
import { COMPONENTS, combineFlag, parseArgs, type Arg, type Component, type FlagValue, type ParsedArgs } from './flags';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
/** Words that may precede the program of a simple shell command. */
const PREFIX_WORDS = new Set(['exec', 'nohup', 'env', 'sudo', 'command', 'nice', 'setsid', 'then', 'do', 'else', '!', '{', '(']);

function basename(word: string): string {
  const unq = word.replace(/^["']|["']$/g, '');
  return unq.slice(unq.lastIndexOf('/') + 1);
}

function componentOf(program: string): Component | undefined {
  const b = basename(program);
  return (COMPONENTS as string[]).includes(b) ? (b as Component) : undefined;
}

/** One component run by a container. */
export interface ComponentRun {
  component: Component;
  container: ContainerRef;
  /** the item that names the program (or the shell script that runs it) */
  anchor: YNode;
  /** the program's arguments, each with the item it comes from */
  args: Arg<YNode>[];
  /** the program is executed directly (not inside a shell script), so its items can be edited */
  exec: boolean;
  /** where a new flag goes: `args` when it is a non-empty list, else `command`; none when the flags end before the last argument */
  appendTo: YNode | undefined;
}

/** The program and arguments of a simple command of a shell script that runs a component. */
function componentInScript(script: string): { component: Component; words: string[] } | undefined {
  for (const cmd of script.split(/&&|\|\||[;&|\n]/)) {
    const words = cmd.trim().split(/\s+/).filter(Boolean);
    let i = 0;
    while (
      i < words.length &&
      (PREFIX_WORDS.has(words[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || (words[i - 1] === 'env' && words[i].startsWith('-')))
    )
      i++;
    const strip = (w: string) => w.replace(/^["']|["']$/g, '');
    const direct = i < words.length ? componentOf(words[i]) : undefined;
    if (direct) return { component: direct, words: words.slice(i + 1).map(strip) };
    if (i + 1 < words.length && basename(words[i]) === 'hyperkube') {
      const c = componentOf(words[i + 1]);
      if (c) return { component: c, words: words.slice(i + 2).map(strip) };
    }
  }
  return undefined;
}

/** The component a container runs, if it runs one. */
export function componentRun(c: ContainerRef): ComponentRun | undefined {
  const command = c.node.get('command');
  if (!command) return undefined;
  const argsNode = c.node.get('args');
  const items = [...command.items(), ...(argsNode?.items() ?? [])]
    .map((node) => ({ node, text: node.str() }))
    .filter((x): x is { node: YNode; text: string } => x.text !== undefined);
  if (!items.length) return undefined;
  const lastList = argsNode && argsNode.isSeq && argsNode.items().length ? argsNode : command.isSeq ? command : undefined;
  const toArgs = (list: { node: YNode; text: string }[]): Arg<YNode>[] => list.map((x) => ({ text: x.text, ref: x.node }));
  // a flag appended after the end of the flags (`--`, etcd's first argument that is not a flag) would not be read
  const appendTo = (component: Component, args: Arg<YNode>[]) => (parseArgs(component, args).ended ? undefined : lastList);
  const direct = componentOf(items[0].text);
  if (direct) {
    const args = toArgs(items.slice(1));
    return { component: direct, container: c, anchor: items[0].node, args, exec: true, appendTo: appendTo(direct, args) };
  }
  if (basename(items[0].text) === 'hyperkube' && items[1]) {
    const sub = componentOf(items[1].text);
    if (sub) {
      const args = toArgs(items.slice(2));
      return { component: sub, container: c, anchor: items[1].node, args, exec: true, appendTo: appendTo(sub, args) };
    }
  }
  if (SHELLS.has(basename(items[0].text))) {
    const dashC = items.findIndex((x, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(x.text));
    const script = dashC > 0 ? items[dashC + 1] : undefined;
    if (!script) return undefined;
    const found = componentInScript(script.text);
    if (!found) return undefined;
    return {
      component: found.component,
      container: c,
      anchor: script.node,
      args: found.words.map((text) => ({ text, ref: script.node })),
      exec: false,
      appendTo: undefined,
    };
  }
  return undefined;
}

/** The flags of a component run, parsed once. */
export class RunFlags {
  readonly parsed: ParsedArgs<YNode>;

  constructor(readonly run: ComponentRun) {
    this.parsed = parseArgs(run.component, run.args);
  }

  /** A flag's value, or undefined when the command line does not set it. */
  get(flag: string): FlagValue<YNode> | undefined {
    return combineFlag(this.run.component, flag, this.parsed.flags);
  }
}
