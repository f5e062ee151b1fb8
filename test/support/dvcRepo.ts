// Builds real DVC projects for tests: a git repository in a temp folder, workspace files, their content in a real
// DVC cache (DVC 3 `files/md5/` or DVC 2 root layout), pointer files as DVC writes them, and commits.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

export type Layout = 'dvc3' | 'dvc2';

export interface DvcTestRepo {
  root: string;
  git: SimpleGit;
  /** Writes a file into the workspace, its content into the cache, and `<path>.dvc`; returns the md5. */
  addFile(path: string, content: string | Buffer, layout: Layout, options?: { cache?: boolean }): string;
  /** Same for a directory of files; returns the `.dir` md5. */
  addDirectory(path: string, files: Record<string, string | Buffer>, layout: Layout): string;
  commit(message: string, date?: string): Promise<string>;
  write(path: string, content: string | Buffer): void;
  cleanup(): void;
}

/** md5 as the layout's DVC computes it: DVC 2 turned CRLF into LF in text content (these test files are small). */
export function dvcMd5(content: string | Buffer, layout: Layout): string {
  const bytes = Buffer.from(content);
  const text = !bytes.includes(0);
  const hashed = layout === 'dvc2' && text ? Buffer.from(bytes.toString('latin1').replaceAll('\r\n', '\n'), 'latin1') : bytes;
  return createHash('md5').update(hashed).digest('hex');
}

export function cacheObjectPath(root: string, md5: string, layout: Layout): string {
  const cache = join(root, '.dvc', 'cache');
  return layout === 'dvc3' ? join(cache, 'files', 'md5', md5.slice(0, 2), md5.slice(2)) : join(cache, md5.slice(0, 2), md5.slice(2));
}

export async function createDvcRepo(options: { remote?: string; parent?: string } = {}): Promise<DvcTestRepo> {
  const root = mkdtempSync(join(options.parent ?? tmpdir(), 'mlops-dvc-'));
  const git = simpleGit(root);
  await git.init();
  await git.addConfig('user.name', 'Data Scientist');
  await git.addConfig('user.email', 'ds@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  mkdirSync(join(root, '.dvc'), { recursive: true });
  const remote = options.remote ? `[core]\n    remote = ${options.remote}\n['remote "${options.remote}"']\n    url = s3://bucket/dvcstore\n` : '';
  writeFileSync(join(root, '.dvc', 'config'), remote);
  writeFileSync(join(root, '.dvc', '.gitignore'), '/config.local\n/tmp\n/cache\n');

  const write = (path: string, content: string | Buffer): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const store = (md5: string, content: string | Buffer, layout: Layout): void => {
    const object = cacheObjectPath(root, md5, layout);
    mkdirSync(dirname(object), { recursive: true });
    writeFileSync(object, content, { mode: 0o444, flag: 'w' });
  };
  const pointer = (path: string, md5: string, size: number, layout: Layout, nfiles?: number): void => {
    const name = path.split('/').pop()!;
    const lines = ['outs:', `- md5: ${md5}`, `  size: ${size}`];
    if (nfiles !== undefined) lines.push(`  nfiles: ${nfiles}`);
    if (layout === 'dvc3') lines.push('  hash: md5');
    lines.push(`  path: ${name}`);
    write(`${path}.dvc`, `${lines.join('\n')}\n`);
    // `dvc add` git-ignores the data next to its pointer.
    const ignore = join(root, dirname(path), '.gitignore');
    const listed = existsSync(ignore) ? readFileSync(ignore, 'utf8') : '';
    if (!listed.split('\n').includes(`/${name}`)) writeFileSync(ignore, `${listed}/${name}\n`);
  };

  return {
    root,
    git,
    write,
    addFile(path, content, layout, opts = {}) {
      write(path, content);
      const md5 = dvcMd5(content, layout);
      if (opts.cache !== false) storeOnce(store, cacheObjectPath(root, md5, layout), md5, content, layout);
      pointer(path, md5, Buffer.byteLength(content), layout);
      return md5;
    },
    addDirectory(path, files, layout) {
      rmSync(join(root, path), { recursive: true, force: true });
      const entries = Object.entries(files)
        .map(([relpath, content]) => {
          write(`${path}/${relpath}`, content);
          const md5 = dvcMd5(content, layout);
          storeOnce(store, cacheObjectPath(root, md5, layout), md5, content, layout);
          return { md5, relpath };
        })
        .sort((a, b) => (a.relpath < b.relpath ? -1 : 1));
      // DVC's manifest: json.dumps(list, sort_keys=True) with Python's default ", " / ": " separators.
      const manifest = `[${entries.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(', ')}]`;
      const dirMd5 = `${createHash('md5').update(manifest).digest('hex')}.dir`;
      storeOnce(store, cacheObjectPath(root, dirMd5, layout), dirMd5, manifest, layout);
      const size = Object.values(files).reduce((sum, c) => sum + Buffer.byteLength(c), 0);
      pointer(path, dirMd5, size, layout, entries.length);
      return dirMd5;
    },
    async commit(message, date) {
      await git.add(['-A']);
      await git.commit(message, [], date ? { '--date': date } : {});
      return (await git.revparse(['HEAD'])).trim();
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function storeOnce(store: (md5: string, c: string | Buffer, l: Layout) => void, path: string, md5: string, content: string | Buffer, layout: Layout): void {
  try {
    store(md5, content, layout);
  } catch (error) {
    // Objects are read-only like DVC's; the same content stored twice is already there.
    if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw new Error(`${path}: ${(error as Error).message}`);
  }
}
