// The doctor's data checks (R2, R3, R6, R7) and seller check (P4) against the salesforce emulator.
import { dataChecksSuite } from './data-checks.suite.js';

dataChecksSuite('salesforce');
