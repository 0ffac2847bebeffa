// The emulator's signing identity: one RSA-2048 key and a self-signed X.509 certificate standing in for
// Partner Center's webhook dispatch certificate (docs/remote-apis.md §2 "Callback authentication": subject CN
// pcnotifications-dispatch.microsoft.com, issuer containing O=Microsoft Corporation). It signs webhook bodies
// and the JWTs of the sign-in endpoints. It chains to nothing: a receiver that insists on Microsoft's root
// must be configured to trust this certificate in the sandbox profile.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface SigningIdentity {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly certificateDer: Buffer;
  /** base64url SHA-1 of the DER certificate: the `kid`/`x5t` of the JWTs, as Entra ID uses it. */
  readonly keyId: string;
  readonly publicJwk: Record<string, unknown>;
}

export const certificateSubject = {
  commonName: 'pcnotifications-dispatch.microsoft.com',
  organization: 'Microsoft Corporation',
} as const;

export function identityFromPem(privateKeyPem: string, certificatePem: string): SigningIdentity {
  const cert = new X509Certificate(certificatePem);
  const keyId = createHash('sha1').update(cert.raw).digest('base64url');
  const jwk = createPublicKey(privateKeyPem).export({ format: 'jwk' });
  return {
    privateKeyPem,
    certificatePem,
    certificateDer: cert.raw,
    keyId,
    publicJwk: {
      kty: 'RSA',
      use: 'sig',
      kid: keyId,
      x5t: keyId,
      n: jwk.n,
      e: jwk.e,
      x5c: [cert.raw.toString('base64')],
    },
  };
}

let shared: Promise<SigningIdentity> | undefined;

/**
 * One identity per process: key generation costs ~200 ms, and tests start many emulators. Pass your own
 * PEMs (`certificate` option) to pin it across runs.
 */
export function sharedSigningIdentity(): Promise<SigningIdentity> {
  shared ??= (async () => {
    const now = Date.now();
    const pems = await generate(
      [
        { name: 'commonName', value: certificateSubject.commonName },
        { name: 'organizationName', value: certificateSubject.organization },
        { name: 'countryName', value: 'US' },
      ],
      {
        keySize: 2048,
        algorithm: 'sha256',
        notBeforeDate: new Date(now - 86_400_000),
        notAfterDate: new Date(now + 2 * 365 * 86_400_000),
      },
    );
    return identityFromPem(pems.private, pems.cert);
  })().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
