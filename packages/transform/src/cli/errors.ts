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

/** The message of anything thrown, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
