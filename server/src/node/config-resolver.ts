/**
 * The configuration that applies to a file, for both front ends: the editor's settings (or
 * nothing, for the CLI), then the nearest `.podsec.yaml` above the file (or the one the CLI's
 * `--config` names), then the CLI's flags; then the file's `exclude` globs; then, in a workspace
 * the editor does not trust, the trust cap. Configuration files are looked up once per folder
 * and read once, until `invalidate()`.
 */
import * as path from 'node:path';
import { mergeConfigs, restrictForUntrusted, toEngineOptions, withAbsolutePaths, type PodsecConfig } from '../config/keys';
import type { EngineOptions } from '../engine/profiles';
import { ExcludeSet, findConfigFile, isInside, loadConfigFile, type LoadedConfig } from './config-file';

/** What the resolver needs to know of an editor's workspace. */
export interface WorkspaceView {
  /** the editor trusts the workspace */
  readonly trusted: boolean;
  /** the workspace folders (absolute paths) */
  readonly folders: readonly string[];
}

export interface ResolverOptions {
  /** use this configuration file for every path (the CLI's `--config`) instead of the nearest; read at once */
  configFile?: string;
  /**
   * The editor's workspace. When it is not trusted, no configuration file above the workspace
   * folder of a file (or above the file's own folder, outside every folder) is read, and the
   * keys a workspace may not widen are capped. Without it: trusted, no folders.
   */
  workspace?: WorkspaceView;
  /** called for every configuration file read (again after `invalidate()`); throwing stops the resolution */
  onLoad?: (loaded: LoadedConfig) => void;
}

/** The layers around the configuration file. */
export interface Layers {
  /** below the file (the editor settings): the file's keys win over these */
  settings?: PodsecConfig;
  /** above the file (command-line flags): these win over the file's keys */
  flags?: PodsecConfig;
}

export interface FileConfig {
  /** the layers and the configuration file merged, after the trust cap */
  config: PodsecConfig;
  /** engine options of `config` for the file */
  options: EngineOptions;
  /** an `exclude` glob matches the file */
  excluded: boolean;
  /** the configuration file that applies, if any */
  configFile: LoadedConfig | undefined;
}

interface Entry {
  loaded: LoadedConfig;
  /** its configuration with file paths made absolute (relative to its folder) */
  config: PodsecConfig;
  /** its `exclude` globs, compiled (undefined when it does not set `exclude`) */
  exclude: ExcludeSet | undefined;
}

export class ConfigResolver {
  /** folder -> nearest configuration file in or above it (null: none) */
  private readonly nearest = new Map<string, string | null>();
  private readonly entries = new Map<string, Entry>();
  private readonly explicit: string | undefined;

  constructor(private readonly opts: ResolverOptions = {}) {
    if (opts.configFile !== undefined) {
      this.explicit = path.resolve(opts.configFile);
      this.entry(this.explicit);
    }
  }

  /** Forget what was read: configuration files changed on disk. */
  invalidate(): void {
    this.nearest.clear();
    this.entries.clear();
  }

  /** The configuration for a file (undefined: a document without a path, such as an untitled one). */
  resolve(file: string | undefined, layers: Layers = {}): FileConfig {
    const entry = file === undefined ? undefined : this.entryFor(file, false);
    // file paths a layer names are relative to where it is set: settings to the workspace folder
    // (the file's folder outside every folder), flags to the working folder
    let config = layers.settings ?? {};
    if (layers.settings && file !== undefined)
      config = withAbsolutePaths(config, (p) => path.resolve(this.folderOf(file) ?? path.dirname(path.resolve(file)), p));
    if (entry) config = mergeConfigs(config, entry.config);
    if (layers.flags)
      config = mergeConfigs(
        config,
        withAbsolutePaths(layers.flags, (p) => path.resolve(p)),
      );
    if (this.opts.workspace && !this.opts.workspace.trusted) config = restrictForUntrusted(config);
    return {
      config,
      options: toEngineOptions(config, file),
      excluded: file !== undefined && (this.excludeOf(file, entry, layers.settings)?.matches(file) ?? false),
      configFile: entry?.loaded,
    };
  }

  /** Is a file or folder excluded by the `exclude` globs of its configuration? */
  excluded(p: string, isDir = false, settings?: PodsecConfig): boolean {
    return this.excludeOf(p, this.entryFor(p, isDir), settings)?.matches(p) ?? false;
  }

  /** The configuration file's `exclude` (relative to its folder), else the settings' (relative to the workspace folder). */
  private excludeOf(p: string, entry: Entry | undefined, settings: PodsecConfig | undefined): ExcludeSet | undefined {
    if (entry?.exclude) return entry.exclude;
    if (!settings?.exclude?.length) return undefined;
    return new ExcludeSet(this.folderOf(p) ?? path.parse(path.resolve(p)).root, settings.exclude);
  }

  /** The innermost workspace folder holding a path. */
  private folderOf(p: string): string | undefined {
    let best: string | undefined;
    for (const f of this.opts.workspace?.folders ?? []) if (isInside(p, f) && (!best || f.length > best.length)) best = f;
    return best;
  }

  private entryFor(p: string, isDir: boolean): Entry | undefined {
    if (this.explicit) return this.entry(this.explicit);
    const abs = path.resolve(p);
    const dir = isDir ? abs : path.dirname(abs);
    const found = this.nearestFor(dir);
    if (!found) return undefined;
    const ws = this.opts.workspace;
    // an untrusted workspace: nothing above the workspace folder (or the file's folder) is read
    if (ws && !ws.trusted && !isInside(path.dirname(found), this.folderOf(abs) ?? dir)) return undefined;
    return this.entry(found);
  }

  /** Nearest configuration file for a folder (cached per folder, walking up once). */
  private nearestFor(dir: string): string | null {
    const hit = this.nearest.get(dir);
    if (hit !== undefined) return hit;
    let found: string | null = findConfigFile(dir, dir) ?? null;
    if (found === null) {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.nearestFor(parent);
    }
    this.nearest.set(dir, found);
    return found;
  }

  /** Read (once) a configuration file. */
  private entry(abs: string): Entry {
    const cached = this.entries.get(abs);
    if (cached) return cached;
    const loaded = loadConfigFile(abs);
    this.opts.onLoad?.(loaded);
    const exclude = loaded.config.exclude !== undefined ? new ExcludeSet(loaded.dir, loaded.config.exclude) : undefined;
    const entry = { loaded, exclude, config: withAbsolutePaths(loaded.config, (p) => path.resolve(loaded.dir, p)) };
    this.entries.set(abs, entry);
    return entry;
  }
}
