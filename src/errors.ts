/**
 * One error base for the whole project: every error darkfleet throws on purpose
 * extends DarkfleetError and carries a stable `code` scripts can switch on.
 * Each layer has its own subclass (habit 4 in STYLE.md).
 */
export class DarkfleetError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DarkfleetError';
    this.code = code;
  }
}

/** NMEA framing or AIS payload could not be decoded. `code` is the reject reason. */
export class NmeaError extends DarkfleetError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'NmeaError';
  }
}

/** An input (file, socket, CSV row) could not be read. */
export class SourceError extends DarkfleetError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SourceError';
  }
}

/** A store operation failed; carries the SQL and parameters that failed. */
export class StoreError extends DarkfleetError {
  readonly sql: string | undefined;
  readonly params: unknown[] | undefined;
  constructor(message: string, sql?: string, params?: unknown[], options?: { cause?: unknown }) {
    super('store', message, options);
    this.name = 'StoreError';
    this.sql = sql;
    this.params = params;
  }
}

/** Sanctions list loading or screening failed. */
export class ScreenError extends DarkfleetError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ScreenError';
  }
}

/** Bad command-line usage: printed without a stack trace, exit code 2. */
export class UsageError extends DarkfleetError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}
