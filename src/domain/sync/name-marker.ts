// The ✔/✖ marker before an opportunity's name shows the last sync outcome on the CRM record itself (where
// sales people look), as the old solution did. It is presentation only: the name that syncs never has it.
export const okMarker = '✔';
export const failedMarker = '✖';

const markerPattern = /^\s*[✔✖]\s*/u;

export function stripNameMarker(name: string): string {
  return name.replace(markerPattern, '');
}

export function withNameMarker(name: string, ok: boolean): string {
  return `${ok ? okMarker : failedMarker} ${stripNameMarker(name)}`;
}
