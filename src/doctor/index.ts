// The doctor's public surface: run the checks, apply the safe fixes, repair.
export { applyFixes, repair, type FixOptions, type FixResult } from './fixes.js';
export { doctorChecks } from './registry.js';
export { createDoctorContext, defaultDoctorOptions, runDoctor } from './runner.js';
export * from './types.js';
