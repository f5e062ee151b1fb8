// Child process for the crash test: rewrites one version's meta.yaml through FileRegistry in a tight loop,
// alternating two descriptions, until it is killed.
import { FileRegistry } from '../../../core/registry/fileRegistry';

const [root, model, descriptionA, descriptionB] = process.argv.slice(2);
const registry = new FileRegistry(root!, { now: () => 1_800_000_000_000 });

async function loop(): Promise<void> {
  let i = 0;
  for (;;) {
    await registry.updateVersionDescription(model!, '1', i % 2 === 0 ? descriptionA! : descriptionB!);
    if (i === 0) process.stdout.write('started\n');
    i += 1;
  }
}
void loop();
