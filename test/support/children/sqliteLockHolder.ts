// Child process for the promotion-transaction test: a second real connection that, when the parent asks, takes the
// strongest lock it can get on an MLflow SQLite store (EXCLUSIVE when the database is free, else a reader's SHARED
// lock, which still keeps a writer from committing) and holds it for the requested time.
import { openSqlite } from '../../../core/sqlite/driver';

const [path] = process.argv.slice(2);
const db = openSqlite(path!, { busyTimeoutMs: 0 });

process.on('message', (message: { holdMs: number } | 'exit') => {
  if (message === 'exit') {
    db.close();
    process.exit(0);
  }
  const { holdMs } = message as { holdMs: number };
  let lock: 'exclusive' | 'shared';
  try {
    db.exec('BEGIN EXCLUSIVE');
    lock = 'exclusive';
  } catch {
    db.exec('BEGIN DEFERRED');
    db.prepare('SELECT count(*) AS n FROM model_versions').get();
    lock = 'shared';
  }
  process.send?.({ lock });
  setTimeout(() => {
    db.exec('ROLLBACK');
    process.send?.({ released: true });
  }, holdMs);
});
process.send?.('ready');
