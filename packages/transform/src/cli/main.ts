/** `ddx` as a function: argv in, exit code out; every failure becomes a message, never a stack trace. */
import { version } from '../../package.json';
import { DdxError, formatDiagnostic } from '../index.js';
import { parseCommand } from './args.js';
import { check, gen, print } from './commands.js';
import { UsageError, messageOf } from './errors.js';
import { commandHelp, generalHelp } from './help.js';
import { processIo, type CliIo } from './io.js';

export type { CliIo } from './io.js';

/** Runs one ddx command; returns 0 (success), 1 (diagnostics, stale files, failure) or 2 (usage). */
export function main(argv: readonly string[], io: CliIo = processIo()): number {
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(command.topic ? commandHelp[command.topic] : generalHelp);
        return 0;
      case 'version':
        io.stdout(`${version}\n`);
        return 0;
      case 'gen':
        return gen(command, io);
      case 'check':
        return check(command, io);
      case 'print':
        return print(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ddx: error: ${error.message}\nhint: ${error.hint}\n`);
      return 2;
    }
    if (error instanceof DdxError) {
      for (const d of error.diagnostics) io.stderr(formatDiagnostic(d) + '\n\n');
      return 1;
    }
    io.stderr(`ddx: error: ${messageOf(error)}\n`);
    if (process.env.DDX_DEBUG && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    else io.stderr('hint: set DDX_DEBUG=1 for details; if this looks like a bug in ddx, please report it\n');
    return 1;
  }
}
