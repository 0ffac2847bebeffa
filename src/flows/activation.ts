// Switching flows on and off with their dependencies (C3): enabling a flow switches on what it needs first;
// disabling a flow that enabled flows need is refused, naming them, unless the caller asks to cascade.
import { CosellError } from '../errors.js';
import type { Db } from '../store/db.js';
import { enabledFlowNames, setFlowsEnabled } from '../store/flows.js';
import { enabledDependents, flowDefinitions, flowsToEnable, isFlowName, type FlowName } from './registry.js';

export interface FlowState {
  readonly name: FlowName;
  readonly enabled: boolean;
  readonly needs: readonly FlowName[];
}

export async function listFlows(db: Db): Promise<FlowState[]> {
  const enabled = await enabledFlowNames(db);
  return flowDefinitions.map((flow) => ({
    name: flow.name,
    enabled: enabled.has(flow.name),
    needs: flow.needs,
  }));
}

function flowName(name: string): FlowName {
  if (!isFlowName(name)) throw new CosellError('NOT_FOUND', { what: `flow ${name}` });
  return name;
}

async function enabledFlows(db: Db): Promise<Set<FlowName>> {
  return new Set([...(await enabledFlowNames(db))].filter(isFlowName));
}

/** Returns the flows switched on, in the order they were enabled (needs first). */
export async function enableFlow(db: Db, name: string, now: Date = new Date()): Promise<FlowName[]> {
  const flow = flowName(name);
  const toEnable = flowsToEnable(flow, await enabledFlows(db));
  await setFlowsEnabled(db, toEnable, true, now);
  return toEnable;
}

/** Returns the flows switched off; refuses (FLOW_NEEDED) when enabled flows need `name` and cascade is off. */
export async function disableFlow(
  db: Db,
  name: string,
  options: { cascade?: boolean; now?: Date } = {},
): Promise<FlowName[]> {
  const flow = flowName(name);
  const enabled = await enabledFlows(db);
  if (!enabled.has(flow)) return [];
  const dependents = enabledDependents(flow, enabled);
  if (dependents.length > 0 && options.cascade !== true) {
    throw new CosellError('FLOW_NEEDED', { flow, dependents: dependents.join(', ') });
  }
  const toDisable = [...dependents, flow];
  await setFlowsEnabled(db, toDisable, false, options.now ?? new Date());
  return toDisable;
}

export async function enableAllFlows(db: Db, now: Date = new Date()): Promise<void> {
  await setFlowsEnabled(
    db,
    flowDefinitions.map((f) => f.name),
    true,
    now,
  );
}
