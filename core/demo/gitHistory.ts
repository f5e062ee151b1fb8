// Commits with fixed author, committer and dates, so the demo repository has the same hashes on every machine.
import { execFileSync } from 'node:child_process';

export class DemoGit {
  private clock: number;

  constructor(
    private readonly cwd: string,
    startMs: number,
  ) {
    this.clock = startMs;
  }

  init(): void {
    this.git(['init', '-q', '-b', 'main']);
  }

  commit(subject: string, author = 'Dana Scientist <dana@example.com>'): void {
    this.clock += 26 * 3_600_000;
    const date = `${Math.floor(this.clock / 1000)} +0000`;
    const [name, email] = /^(.*) <(.*)>$/.exec(author)!.slice(1);
    this.git(['add', '-A']);
    this.git(['commit', '-q', '-m', subject], {
      GIT_AUTHOR_NAME: name!,
      GIT_AUTHOR_EMAIL: email!,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: name!,
      GIT_COMMITTER_EMAIL: email!,
      GIT_COMMITTER_DATE: date,
    });
  }

  private git(args: string[], env: Record<string, string> = {}): void {
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
      cwd: this.cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.cwd, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
}
