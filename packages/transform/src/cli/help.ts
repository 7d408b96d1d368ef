/** Help texts, one per command. */
import type { CommandName } from './args.js';

const emitFlags = `  --mode inline|dual  emit allocation-free tangent code (inline, default) or a dual-number rewrite
  --gradient-mode auto|forward|reverse
                      how *_gradient and *_valueAndGradient of a function of an array are
                      computed: reverse mode (one backward sweep, whatever the length), forward
                      mode (one sweep per entry), or auto (default): reverse where reverse mode
                      compiles the function and --mode is inline, else forward
  --no-equality-warnings
                      print no DDX2001 warnings (equality tests of values that depend on the input)
  -h, --help          show this help`;

export const generalHelp = `ddx — write the derivative code of plain numeric TypeScript functions to disk

Usage:
  ddx gen <files or globs> [--out DIR] [--mode inline|dual] [--gradient-mode auto|forward|reverse]
  ddx check <files or globs> [--out DIR] [--mode inline|dual] [--gradient-mode auto|forward|reverse]
  ddx print <file> [--fn NAME]... [--mode inline|dual] [--gradient-mode auto|forward|reverse]
  ddx --help | ddx <command> --help | ddx --version

Commands:
  gen    write foo.ddx.ts next to each foo.ts (or under --out DIR)
  check  exit 1 and list generated files that are missing or out of date (for CI)
  print  print the generated module of one file to stdout

Exit codes: 0 success, 1 transform diagnostics, stale files or a failed write, 2 usage error.
Warnings (DDX2xxx) go to stderr and leave the exit code as it is.
Globs are expanded by ddx (quote them); node_modules, *.d.ts and *.ddx.* files are skipped.
`;

export const commandHelp: Record<CommandName, string> = {
  gen: `Usage: ddx gen <files or globs> [--out DIR] [--mode inline|dual] [--gradient-mode auto|forward|reverse]

Writes the generated module of each source next to it (src/foo.ts → src/foo.ddx.ts), or under
DIR mirroring its path relative to the current directory (--out gen: gen/src/foo.ddx.ts).
Its first line is ddx's header (its version and a hash of the rest); ddx never overwrites a
file without that header or edited since, never writes outside DIR, and writes every file or
none: nothing if any input has errors or any write fails.

Options:
  -o, --out DIR       write under DIR instead of next to the sources
${emitFlags}
`,
  check: `Usage: ddx check <files or globs> [--out DIR] [--mode inline|dual] [--gradient-mode auto|forward|reverse]

Regenerates in memory and compares with the files on disk (same arguments as gen). Exits 1 and
lists the missing or stale files when they differ, exits 0 with "up to date" otherwise.
Writes nothing.

Options:
  -o, --out DIR       the directory gen wrote to
${emitFlags}
`,
  print: `Usage: ddx print <file> [--fn NAME]... [--mode inline|dual] [--gradient-mode auto|forward|reverse]

Prints the generated module of one file to stdout, for review. Writes nothing.

Options:
  --fn NAME           only the exported function NAME (repeat for several)
${emitFlags}
`,
};
