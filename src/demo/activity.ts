// Plays Partner Center's users for the demo: new referrals arrive (the partner's own and Microsoft's
// co-sell invitations), notes and deal values change, referrals are accepted, won and lost. Every change
// goes through the emulator like a UI edit would, so it fires a signed webhook.
import type { PartnerCenterEmulator } from '../partner-center/emulator/index.js';
import { Owner } from '../partner-center/emulator/index.js';
import { createRng } from '../partner-center/emulator/rng.js';

export interface ActivityOptions {
  intervalMs: number;
  randomSeed: number;
  onError?: (error: unknown) => void;
}

export function startActivity(emulator: PartnerCenterEmulator, options: ActivityOptions): { stop(): void } {
  const rng = createRng(options.randomSeed).fork('demo-activity');
  const random = (): number => rng.next();
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];

  const step = (): void => {
    const all = emulator.listReferrals();
    const open = all.filter((r) => r['status'] !== 'Closed');
    const roll = random();
    if (roll < 0.25 || open.length === 0) {
      emulator.createReferral({ direction: random() < 0.5 ? 'Incoming' : 'Outgoing' });
      return;
    }
    if (roll < 0.35) {
      emulator.createReferral({}, { as: Owner.microsoft });
      return;
    }
    const referral = pick(open);
    const id = typeof referral?.['id'] === 'string' ? referral['id'] : undefined;
    if (id === undefined) return;
    if (roll < 0.75) {
      const details = (referral?.['details'] ?? {}) as Record<string, unknown>;
      emulator.updateReferral(id, {
        details: {
          ...details,
          dealValue: Math.round(5_000 + random() * 250_000),
          notes: `Updated at ${new Date().toISOString()}`,
        },
      });
      return;
    }
    const next =
      referral?.['status'] === 'Active'
        ? ({ status: 'Closed', substatus: random() < 0.6 ? 'Won' : 'Lost' } as const)
        : ({ status: 'Active', substatus: 'Accepted' } as const);
    emulator.updateReferral(id, next);
  };

  const timer = setInterval(() => {
    try {
      step();
    } catch (error) {
      options.onError?.(error);
    }
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
