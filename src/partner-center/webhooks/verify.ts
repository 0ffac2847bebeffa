// Verifies a Partner Center webhook request before anything is stored (spec: webhooks, callback
// authentication): headers present, algorithm rsa-sha256, certificate from an allow-listed host, and an
// RSA-SHA256 (PKCS#1 v1.5) signature over the exact raw body bytes.
import { verify } from 'node:crypto';
import { CosellError } from '../../errors.js';
import type { CertificateCache } from './certificates.js';

export interface SignedRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
}

const signaturePattern = /^Signature\s+([A-Za-z0-9+/=_-]{16,4096})$/i;
const base64Pattern = /^[A-Za-z0-9+/=_-]{16,4096}$/;

function header(req: SignedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Returns the signature bytes from `Authorization: Signature …` or `x-ms-signature`. */
function signatureOf(req: SignedRequest): Buffer {
  const msSignature = header(req, 'x-ms-signature');
  if (msSignature !== undefined) {
    if (!base64Pattern.test(msSignature.trim())) throw new CosellError('WEBHOOK_SIGNATURE_INVALID');
    return Buffer.from(msSignature.trim(), 'base64');
  }
  const authorization = header(req, 'authorization');
  if (authorization === undefined)
    throw new CosellError('WEBHOOK_SIGNATURE_MISSING', { header: 'Authorization' });
  const match = signaturePattern.exec(authorization.trim());
  if (!match?.[1]) throw new CosellError('WEBHOOK_SIGNATURE_INVALID');
  return Buffer.from(match[1], 'base64');
}

export async function verifyWebhookSignature(
  req: SignedRequest,
  certificates: CertificateCache,
): Promise<void> {
  const signature = signatureOf(req);
  const algorithm = header(req, 'x-ms-signature-algorithm');
  if (algorithm === undefined)
    throw new CosellError('WEBHOOK_SIGNATURE_MISSING', { header: 'X-MS-Signature-Algorithm' });
  if (algorithm.trim().toLowerCase() !== 'rsa-sha256') {
    throw new CosellError('WEBHOOK_ALGORITHM_UNSUPPORTED', { algorithm: algorithm.slice(0, 40) });
  }
  const certUrl = header(req, 'x-ms-certificate-url');
  if (certUrl === undefined)
    throw new CosellError('WEBHOOK_SIGNATURE_MISSING', { header: 'X-MS-Certificate-Url' });
  const cert = await certificates.get(certUrl.trim());
  let valid = false;
  try {
    valid = verify('sha256', req.rawBody, cert.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new CosellError('WEBHOOK_SIGNATURE_INVALID');
}
