// Microsoft's referral in a co-sell engagement targets Microsoft ("BusinessProfileLocation" msft), not one of
// the partner's solutions: it is the other side of a deal, never a deal of its own.
import type { PcReferral } from '../../partner-center/wire.js';

export function isMicrosoftSide(ref: Pick<PcReferral, 'target'>): boolean {
  return (ref.target ?? []).some((t) => t.type === 'BusinessProfileLocation' && t.id === 'msft');
}
