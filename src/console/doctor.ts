// The Doctor page reads its results through this small interface. `cosell doctor` (runDoctor(), a
// serializable result) is built separately; until it is wired in here, the page says "not available yet".
export type DoctorCheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  readonly name: string;
  readonly status: DoctorCheckStatus;
  /** Already in the reader's language, or a catalogue error code with its params. */
  readonly message: string;
  readonly fix?: string | undefined;
}

export interface DoctorResult {
  readonly at: Date;
  readonly checks: readonly DoctorCheck[];
}

export interface DoctorSource {
  /** The latest results, undefined before the first run. */
  latest(): Promise<DoctorResult | undefined>;
  /** Runs every check again and keeps the result as the latest. */
  run(): Promise<DoctorResult>;
}

/** Adapts a runDoctor()-like function: keeps the latest result in memory. */
export function doctorFrom(runDoctor: () => Promise<DoctorResult>): DoctorSource {
  let latest: DoctorResult | undefined;
  return {
    latest: () => Promise.resolve(latest),
    async run() {
      latest = await runDoctor();
      return latest;
    },
  };
}
