// Fetches and caches the certificate Partner Center signs webhooks with (X-MS-Certificate-Url).
// Trust comes from where the certificate is fetched: only allow-listed hosts are ever contacted (never a
// host named by an unauthenticated request), over https in production, without following redirects.
// The certificate must then be current and issued by the configured organisation (O=Microsoft Corporation).
import { X509Certificate } from 'node:crypto';
import { CosellError } from '../../errors.js';

export interface CertificatePolicy {
  /** Lower-case host names, optionally with a port ("127.0.0.1:4100"); a bare host matches any port. */
  allowedHosts: readonly string[];
  issuerOrg: string;
  requireHttps: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  cacheTtlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  cert: X509Certificate;
  expiresAt: number;
}

export class CertificateCache {
  readonly #policy: Required<CertificatePolicy>;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inflight = new Map<string, Promise<X509Certificate>>();
  fetches = 0;

  constructor(policy: CertificatePolicy) {
    this.#policy = {
      maxBytes: 16 * 1024,
      timeoutMs: 5_000,
      cacheTtlMs: 60 * 60 * 1000,
      now: Date.now,
      ...policy,
    };
  }

  /** Checks the URL against the allow list without any network access; throws a coded error. */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new CosellError('WEBHOOK_CERT_HOST_NOT_ALLOWED', { host: truncate(raw, 80) });
    }
    const scheme = url.protocol;
    const schemeOk = scheme === 'https:' || (!this.#policy.requireHttps && scheme === 'http:');
    const host = url.hostname.toLowerCase();
    const hostPort = url.host.toLowerCase();
    const allowed = this.#policy.allowedHosts.some((h) => h === host || h === hostPort);
    if (!schemeOk || !allowed || url.username !== '' || url.password !== '') {
      throw new CosellError('WEBHOOK_CERT_HOST_NOT_ALLOWED', { host: truncate(url.host, 80) });
    }
    return url;
  }

  async get(raw: string): Promise<X509Certificate> {
    const url = this.checkUrl(raw);
    const key = url.href;
    const cached = this.#cache.get(key);
    if (cached && cached.expiresAt > this.#policy.now()) return cached.cert;
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const promise = this.#download(url).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  async #download(url: URL): Promise<X509Certificate> {
    this.fetches++;
    let bytes: Buffer;
    try {
      const response = await fetch(url, {
        redirect: 'error',
        signal: AbortSignal.timeout(this.#policy.timeoutMs),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (cause) {
      throw new CosellError('WEBHOOK_CERT_UNAVAILABLE', { host: url.host }, { cause });
    }
    if (bytes.length > this.#policy.maxBytes) {
      throw new CosellError('WEBHOOK_CERT_INVALID', { reason: 'too large', issuer: this.#policy.issuerOrg });
    }
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(bytes);
    } catch (cause) {
      throw new CosellError(
        'WEBHOOK_CERT_INVALID',
        { reason: 'not an X.509 certificate', issuer: this.#policy.issuerOrg },
        { cause },
      );
    }
    this.#checkCertificate(cert);
    this.#cache.set(url.href, { cert, expiresAt: this.#policy.now() + this.#policy.cacheTtlMs });
    return cert;
  }

  #checkCertificate(cert: X509Certificate): void {
    const now = this.#policy.now();
    const issuer = this.#policy.issuerOrg;
    if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) {
      throw new CosellError('WEBHOOK_CERT_INVALID', { reason: 'not valid today', issuer });
    }
    const orgs = cert.issuer
      .split('\n')
      .filter((line) => line.startsWith('O='))
      .map((line) => line.slice(2));
    if (!orgs.includes(issuer)) {
      throw new CosellError('WEBHOOK_CERT_INVALID', { reason: 'issued by another organisation', issuer });
    }
    if (cert.publicKey.asymmetricKeyType !== 'rsa') {
      throw new CosellError('WEBHOOK_CERT_INVALID', { reason: 'not an RSA key', issuer });
    }
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
