/** Command-line parsing: argv → one plain Command, or a UsageError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { EmitMode, GradientMode } from '../index.js';
import { UsageError, messageOf } from './errors.js';

export type CommandName = 'gen' | 'check' | 'print';
export const commandNames: readonly CommandName[] = ['gen', 'check', 'print'];

export interface EmitFlags {
  mode: EmitMode;
  /** false with --no-equality-warnings: no DDX2001 warnings printed. */
  equalityWarnings: boolean;
  /** --gradient-mode: how the `*_gradient` functions are computed (default auto). */
  gradientMode: GradientMode;
}

export type Command =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' }
  | ({ kind: 'gen' | 'check'; inputs: string[]; out?: string } & EmitFlags)
  | ({ kind: 'print'; file: string; functions?: string[] } & EmitFlags);

const emitOptions = {
  mode: { type: 'string' },
  'gradient-mode': { type: 'string' },
  'no-equality-warnings': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const optionsOf = {
  gen: { ...emitOptions, out: { type: 'string', short: 'o' } },
  check: { ...emitOptions, out: { type: 'string', short: 'o' } },
  print: { ...emitOptions, fn: { type: 'string', multiple: true } },
} as const;

export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command', 'run `ddx --help` to list the commands (gen, check, print)');
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first === 'help') return { kind: 'help', topic: rest[0] === undefined ? undefined : commandName(rest[0]) };
  const name = commandName(first);
  const { values, positionals } = parseFlags(name, rest);
  if (values.help) return { kind: 'help', topic: name };
  const flags = emitFlags(name, values);
  if (name === 'print') {
    if (positionals.length !== 1) {
      throw new UsageError(`print takes exactly one file, got ${positionals.length}`, 'run `ddx print --help` for usage');
    }
    const functions = values.fn as string[] | undefined;
    return { kind: 'print', file: positionals[0], ...flags, ...(functions ? { functions } : {}) };
  }
  if (positionals.length === 0) {
    throw new UsageError(`${name} needs at least one file or glob`, `for example: ddx ${name} 'src/**/*.ts'`);
  }
  const out = values.out as string | undefined;
  if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a directory', `run \`ddx ${name} --help\` for usage`);
  return { kind: name, inputs: positionals, ...flags, ...(out !== undefined ? { out } : {}) };
}

function commandName(word: string): CommandName {
  if ((commandNames as readonly string[]).includes(word)) return word as CommandName;
  const what = word.startsWith('-') ? `unknown option '${word}'` : `unknown command '${word}'`;
  throw new UsageError(what, 'the commands are gen, check and print; run `ddx --help` for usage');
}

type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseFlags(name: CommandName, args: string[]): { values: FlagValues; positionals: string[] } {
  if (args.some((a) => a === '--nan-safe' || a.startsWith('--nan-safe='))) {
    throw new UsageError('--nan-safe is gone: an exactly zero tangent now always contributes nothing (what --nan-safe did)', 'drop the flag');
  }
  try {
    const options: ParseArgsConfig['options'] = optionsOf[name];
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node's messages are long and suggest `--`; keep the offending flag and a pointer to help.
    const message = messageOf(error);
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    const flag = /--?[\w-]+(?=[^,]*$)/.exec(quoted.replace(/ <value>$/, ''))?.[0] ?? quoted;
    const code = (error as { code?: string }).code;
    const what =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option '${flag}' for ${name}`
      : /does not take an argument/.test(message) ? `option '${flag}' takes no value`
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `option '${flag}' needs a value`
      : message.split('\n')[0];
    throw new UsageError(what, `run \`ddx ${name} --help\` for the options of ${name}`);
  }
}

function emitFlags(name: CommandName, values: Record<string, unknown>): EmitFlags {
  const mode = values.mode ?? 'inline';
  if (mode !== 'inline' && mode !== 'dual') {
    throw new UsageError(`invalid --mode '${String(mode)}': expected 'inline' or 'dual'`, `run \`ddx ${name} --help\` for the modes`);
  }
  const gradientMode = values['gradient-mode'] ?? 'auto';
  if (gradientMode !== 'auto' && gradientMode !== 'forward' && gradientMode !== 'reverse') {
    throw new UsageError(`invalid --gradient-mode '${String(gradientMode)}': expected 'auto', 'forward' or 'reverse'`, `run \`ddx ${name} --help\` for the gradient modes`);
  }
  return { mode, gradientMode, equalityWarnings: values['no-equality-warnings'] !== true };
}
