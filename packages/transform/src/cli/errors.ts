/** Errors the CLI reports without a stack trace. */

/** The command cannot run as given (bad flag, missing file, unsafe destination): exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** What to do instead; printed as `hint: …`. */
    readonly hint = 'run `ddx --help` for usage',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Reading or writing a file failed (a full disk, a permission): exit code 1, the file named. */
export class FileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

/** The message of anything thrown, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file-system failure in words: 'no space left on device (ENOSPC)'. */
export function systemErrorOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words = /^[A-Z]+: ([^,]+)/.exec(messageOf(error))?.[1];
  return code && words ? `${words} (${code})` : code ?? messageOf(error);
}
