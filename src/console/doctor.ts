// The Doctor page reads the doctor's report (`runDoctor()`, src/doctor/) through this small interface: the
// latest report kept in memory, and "run again". The report holds catalogue keys, so each reader sees it in
// their own language.
import type { DoctorReport } from '../doctor/types.js';

export type { DoctorReport };

export interface DoctorSource {
  /** The latest report, undefined before the first run. */
  latest(): Promise<DoctorReport | undefined>;
  /** Runs every check again and keeps the report as the latest. */
  run(): Promise<DoctorReport>;
}

/** Keeps the latest report of `runDoctor` in memory; concurrent "run again" requests share one run. */
export function doctorFrom(runDoctor: () => Promise<DoctorReport>): DoctorSource {
  let latest: DoctorReport | undefined;
  let running: Promise<DoctorReport> | undefined;
  return {
    latest: () => Promise.resolve(latest),
    run() {
      running ??= runDoctor()
        .then((report) => (latest = report))
        .finally(() => (running = undefined));
      return running;
    },
  };
}
