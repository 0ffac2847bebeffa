import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { startPeriodic, type Periodic } from './periodic.js';

const logger = createLogger({ level: 'silent' });
const started: Periodic[] = [];
afterEach(async () => {
  for (const p of started.splice(0)) await p.stop();
});

function counting(gatherMs: number): { periodic: Periodic; passes: () => number } {
  let passes = 0;
  const periodic = startPeriodic({
    name: 'test',
    everyMs: 60_000,
    runAtStart: false,
    gatherMs,
    logger,
    run: async () => {
      passes++;
      await Promise.resolve();
    },
  });
  started.push(periodic);
  return { periodic, passes: () => passes };
}

describe('startPeriodic', () => {
  it('gathers a burst of wakes into one pass, and settled() waits for that pass', async () => {
    const { periodic, passes } = counting(20);
    for (let i = 0; i < 10; i++) periodic.wake();
    expect(passes()).toBe(0);
    await periodic.settled();
    expect(passes()).toBe(1);
  });

  it('without gatherMs each wake while idle runs a pass at once', async () => {
    const { periodic, passes } = counting(0);
    periodic.wake();
    expect(passes()).toBe(1);
    await periodic.settled();
    periodic.wake();
    await periodic.settled();
    expect(passes()).toBe(2);
  });

  it('stop() during a gathered wait runs no pass and releases settled()', async () => {
    const { periodic, passes } = counting(10_000);
    periodic.wake();
    const settled = periodic.settled();
    await periodic.stop();
    await settled;
    expect(passes()).toBe(0);
  });
});
