import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoalescingScheduler } from '../../../core/scheduling/coalescingScheduler';

test('a storm of events becomes one refresh carrying every key', async () => {
  const calls: string[][] = [];
  const scheduler = new CoalescingScheduler<string>(20, (keys) => {
    calls.push([...keys].sort());
  });
  for (let i = 0; i < 500; i++) scheduler.schedule(`run-${i % 3}`);
  await scheduler.idle();
  assert.deepEqual(calls, [['run-0', 'run-1', 'run-2']]);
});

test('refreshes never overlap; an event during a refresh causes exactly one more', async () => {
  let active = 0;
  let maxActive = 0;
  let count = 0;
  const scheduler = new CoalescingScheduler<string>(5, async () => {
    active++;
    maxActive = Math.max(maxActive, active);
    count++;
    await new Promise((resolve) => setTimeout(resolve, 40));
    active--;
  });
  scheduler.schedule('a');
  await new Promise((resolve) => setTimeout(resolve, 15));
  scheduler.schedule('b');
  scheduler.schedule('c');
  await new Promise((resolve) => setTimeout(resolve, 10));
  await scheduler.idle();
  assert.equal(maxActive, 1);
  assert.equal(count, 2);
});

test('a failing refresh reports the error and the scheduler keeps working', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const scheduler = new CoalescingScheduler<string>(
    5,
    () => {
      calls++;
      if (calls === 1) throw new Error('store locked');
    },
    (error) => errors.push(error),
  );
  scheduler.schedule('x');
  await scheduler.idle();
  scheduler.schedule('y');
  await scheduler.idle();
  assert.equal(calls, 2);
  assert.equal(errors.length, 1);
});
