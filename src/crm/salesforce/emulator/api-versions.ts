// The REST API versions the emulator answers: v50.0 (Winter '21) to v66.0 (Spring '26). Clients pick their
// own (jsforce 3 defaults to 59.0 or what it is given); `/services/data/` lists them as Salesforce does.

export const minApiVersion = 50;
export const maxApiVersion = 66;

const seasons = ['Spring', 'Summer', 'Winter'] as const;

/** Release label of a version: v50.0 was Winter '21, then Spring, Summer, Winter, three a year. */
function releaseLabel(major: number): string {
  const step = major - 50 + 2; // index from Spring '20 (v48)
  const season = seasons[step % 3] ?? 'Spring';
  const year = 20 + Math.floor(step / 3) + (season === 'Winter' ? 1 : 0);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export function versionList(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = minApiVersion; v <= maxApiVersion; v++) {
    out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}

/** `60.0` for a path segment `v60.0` the emulator serves, else undefined. */
export function parseVersion(segment: string): string | undefined {
  const match = /^v(\d+)\.0$/.exec(segment);
  const major = Number(match?.[1]);
  return match && major >= minApiVersion && major <= maxApiVersion ? `${major}.0` : undefined;
}
