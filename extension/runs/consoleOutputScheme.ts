/** The URI scheme of run console-output documents (consoleOutput.ts); its own module so activation loads nothing else. */
export const CONSOLE_OUTPUT_SCHEME = 'mlops-run-output';
