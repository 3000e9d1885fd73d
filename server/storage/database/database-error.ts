/**
 * A database that cannot be opened or used as configured. Its message is one line for a person:
 * what is wrong and what to do about it.
 */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError'
}
