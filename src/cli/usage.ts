/** A command line that does not fit the command: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
