/** `ddx` as a function: argv in, exit code out; every failure becomes a message, never a stack trace. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../../package.json';
import { codeCacheDir } from '../plugin/cache.js';
import { commonJsCoreBeside, requireCompilerWithCodeCache } from '../plugin/code-cache.js';
import { parseCommand } from './args.js';
import { FileError, UsageError, messageOf } from './errors.js';
import { commandHelp, generalHelp } from './help.js';
import { processIo, type CliIo } from './io.js';
import type { Compiler } from './commands.js';

export type { CliIo } from './io.js';

/**
 * Runs one ddx command; resolves to 0 (success), 1 (diagnostics, stale files, failure) or 2 (usage).
 * Help, version and usage errors answer without loading the compiler: TypeScript takes most of a
 * second to load, so only gen, check and print load it.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(command.topic ? commandHelp[command.topic] : generalHelp);
        return 0;
      case 'version':
        io.stdout(`${version}\n`);
        return 0;
      default: {
        const codeCache = compilerCodeCache(io.cwd);
        const { run } = await import('./commands.js');
        const compiler = (codeCache?.core as Compiler | undefined) ?? (await import('../index.js'));
        try {
          return run(command, io, compiler);
        } finally {
          codeCache?.save();
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof FileError) {
      io.stderr(`ddx: error: ${error.message}\nhint: ${error.hint}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.stderr(`ddx: error: ${messageOf(error)}\n`);
    if (process.env.DDX_DEBUG && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    else io.stderr('hint: set DDX_DEBUG=1 for details; if this looks like a bug in ddx, please report it\n');
    return 1;
  }
}

/**
 * Loads TypeScript and the compiler through V8's code cache, as the bundler plugin's worker does,
 * kept in the project's node_modules/.cache/ddx (the plugin's directory): a later run loads the
 * compiler and runs its first analysis in about half the time. Only in a project that has
 * node_modules. The compiler comes as its CommonJS build, as the cache acts on required files only:
 * importing the ESM build instead cost `ddx gen` of a small file about 40 ms of CPU more (of about
 * 320 ms), compiling it anew in every run.
 */
function compilerCodeCache(cwd: string) {
  const modules = join(cwd, 'node_modules');
  return existsSync(modules) ? requireCompilerWithCodeCache(codeCacheDir(join(modules, '.cache', 'ddx')), commonJsCoreBeside(import.meta.url)) : undefined;
}
