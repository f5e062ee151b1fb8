// One error type for every DVC metafile problem, so callers can show "file:line: what is wrong — what to do".

export class DvcFileError extends Error {
  override name = 'DvcFileError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
  }
}

/** A non-fatal finding (an unresolved ${} reference, an unsupported vars file) that leaves the rest usable. */
export interface DvcProblem {
  file: string;
  line: number | undefined;
  message: string;
}
