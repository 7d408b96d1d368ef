/** Where the CLI writes and which directory it works in: injectable for in-process tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The directory relative paths start from. */
  cwd: string;
  /** A terminal on stderr gets a live progress line. */
  stderrIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** Progress on stderr: a live line on a terminal, or a start and an end line when there are many files. */
export function progress(io: CliIo, verb: string, total: number): { step(file: string): void; done(): void } {
  const manyFiles = total > 20;
  if (!io.stderrIsTTY) {
    if (manyFiles) io.stderr(`ddx ${verb}: processing ${total} files\n`);
    return { step() {}, done: () => manyFiles && io.stderr(`ddx ${verb}: processed ${total} files\n`) };
  }
  let count = 0;
  return {
    step(file) {
      count += 1;
      io.stderr(`\r\x1b[Kddx ${verb}: ${count}/${total} ${file}`);
    },
    done: () => io.stderr('\r\x1b[K'),
  };
}
