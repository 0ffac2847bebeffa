// Structured JSON logs (pino). Secrets never reach a log line: known secret fields are redacted by path,
// and `redactSecrets` scrubs bearer tokens and key material out of free text (error messages, URLs).
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

const secretKeys = [
  'authorization',
  'Authorization',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'idToken',
  'device_code',
  'deviceCode',
  'client_secret',
  'clientSecret',
  'password',
  'secret',
  'secretsKey',
  'cookie',
  'set-cookie',
  'x-ms-signature',
];

/** pino paths covering a secret at the top level, one level deep, and in request/response headers. */
export const redactPaths = [
  ...secretKeys,
  ...secretKeys.map((k) => `*.${k}`),
  ...secretKeys.map((k) => `req.headers.${k}`),
  ...secretKeys.map((k) => `headers.${k}`),
];

export function createLogger(options: {
  level: LevelWithSilent;
  name?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'cosell',
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

const textPatterns: readonly [RegExp, string][] = [
  [/(Bearer|Signature)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/((?:access|refresh|id)_token|device_code|client_secret|password)=([^&\s"]+)/gi, '$1=[redacted]'],
  [
    /("(?:access|refresh|id)_token"|"device_code"|"client_secret"|"password")\s*:\s*"[^"]*"/gi,
    '$1:"[redacted]"',
  ],
  [/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1[redacted]@'],
];

/** Removes tokens, signatures, passwords and connection-string passwords from free text. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of textPatterns) out = out.replace(pattern, replacement);
  return out;
}
