// The one yes/no question commands that change files ask before they do.
import { createInterface } from 'node:readline/promises';

/** Asks on the terminal; without one (CI, pipes) the answer is no, so --yes is required there. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
