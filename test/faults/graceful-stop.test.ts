// A clean stop while the service is busy: SIGTERM in the middle of a sync of 150 referrals. The process
// stops taking work, lets jobs in flight finish or puts them back, closes the store and exits 0 within its
// deadline (COSELL_STOP_DEADLINE_S); the next start finishes the rest, with nothing twice and nothing lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCli } from '../support/cli.js';
import {
  checkSync,
  createReferral,
  emptyCreated,
  freePort,
  killHard,
  pollUntil,
  serviceStatus,
  startConnectorProcess,
  startWorld,
  type World,
} from '../support/connector-process.js';

const referrals = 150;
const deadlineS = 3;

let world: World;
let child: RunningCli | undefined;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  if (child !== undefined) await killHard(child);
  await world?.close();
});

describe('graceful stop', () => {
  it('SIGTERM during a busy sync exits 0 within the stop deadline; a restart finishes with no duplicate and no loss', async () => {
    const port = await freePort();
    const env = world.env(port, { COSELL_STOP_DEADLINE_S: String(deadlineS) });
    child = await startConnectorProcess(env, { registerWebhooks: true });
    const created = emptyCreated();
    for (let i = 0; i < referrals; i++) createReferral(world, created, `stop-${i}`);
    await pollUntil(
      'jobs running',
      async () => ((await serviceStatus(port)).jobs.running > 0 ? [] : ['no job running yet']),
      { timeoutMs: 60_000, intervalMs: 50 },
    );

    const signalled = Date.now();
    child.child.kill('SIGTERM');
    const stopped = await child.done;
    const stopMs = Date.now() - signalled;
    child = undefined;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('Stopped');
    // The deadline covers jobs in flight; closing the receiver and the store comes on top of it.
    expect(stopMs).toBeLessThan((deadlineS + 10) * 1000);
    // Busy when stopped: there was work left for the next start.
    expect(checkSync(world, created).pending.length).toBeGreaterThan(0);

    child = await startConnectorProcess(env);
    await pollUntil(
      'the restart to finish the sync',
      async () => {
        const status = await serviceStatus(port);
        const waiting =
          status.inbox.pending + status.jobs.queued + status.jobs.running + status.jobs.deferred;
        return [...checkSync(world, created).pending, ...(waiting > 0 ? [`${waiting} waiting`] : [])];
      },
      { timeoutMs: 300_000, intervalMs: 250 },
    );
    expect(checkSync(world, created).wrong).toEqual([]);
    const status = await serviceStatus(port);
    expect(status.jobs.failed).toBe(0);
  }, 600_000);
});
