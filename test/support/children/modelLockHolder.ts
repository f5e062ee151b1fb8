// Child process for the FileStore lock test: takes a model's lock file, says so on stdout, and holds it until it
// is killed (the test kills it with SIGKILL, as a crashed CLI or extension host would leave it).
import { withModelLock } from '../../../core/registry/modelLock';

const [folder] = process.argv.slice(2);
void withModelLock(folder!, async () => {
  process.stdout.write('locked\n');
  await new Promise(() => setInterval(() => undefined, 60_000));
});
