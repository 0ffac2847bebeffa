// The daily API caps in effect per system: what the metrics and readiness compare today's calls with.
import type { Config } from '../config.js';
import { defaultDynamicsDailyCap } from '../crm/dynamics/budget.js';
import { defaultSalesforceDailyCap } from '../crm/salesforce/budget.js';
import { System } from '../store/schema.js';

export type CapsConfig = Pick<Config, 'partnerCenter' | 'salesforce' | 'dynamics'>;

export function dailyCaps(config: CapsConfig): Readonly<Record<System, number>> {
  return {
    [System.partnerCenter]: config.partnerCenter.dailyCap,
    [System.salesforce]: config.salesforce.dailyCap ?? defaultSalesforceDailyCap,
    [System.dynamics]: config.dynamics.dailyCap ?? defaultDynamicsDailyCap,
  };
}
