// The Dynamics 365 adapter against the Dataverse emulator over real HTTP (port 0), metered against the test
// database: the shared CRM contract, unchanged, then what is Dataverse's own (round trips per referral,
// replays, service protection, tokens, currencies, the delta-link feed, secrets).
import { useTestDb } from '../../../test/support/db.js';
import { crmAdapterContract } from '../adapter.contract.js';
import { startDynamicsRig } from './test-support.js';

const testDb = useTestDb();

crmAdapterContract('Dynamics 365', async () => (await startDynamicsRig(testDb.db)).harness);
