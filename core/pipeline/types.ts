// Shapes shared by every pipeline service. Positions and ranges are 0-based and counted in UTF-16 code units,
// exactly as LSP defines them, so the language server and the CLI hand them out unchanged.
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A quick fix attached to a diagnostic: text edits to apply, possibly in another file. */
export interface FixEdit {
  path: string;
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: FixEdit[];
}

export interface PipelineDiagnostic {
  severity: Severity;
  message: string;
  /** Stable identifier of the rule, e.g. `dvc-param-missing`. */
  code: string;
  range: Range;
  fixes?: QuickFix[];
}

export type FileKind =
  | 'dvc-yaml'
  | 'dvc-lock'
  | 'dvc-file'
  | 'params'
  | 'mlproject'
  | 'python-env'
  | 'conda-env'
  | 'feast'
  | 'promotion'
  | 'wandb-sweep';
