// The TLS certificate of the local identity provider the upload e2e test signs in against (msal-node only talks
// https). The runners (test/e2e/codeServer.mjs, test/e2e/runVsCode.ts) make it BEFORE the editor starts: Node reads
// NODE_EXTRA_CA_CERTS once, when the extension host process starts, so a certificate made by the test inside the
// host could no longer become trusted. The test (suite/upload.test.ts) then serves the fake identity provider with
// this certificate and key from inside the extension host.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTestCertificate, type TestCertificate } from '../doubles/selfSignedCertificate';

/** The certificate (PEM) the fake identity provider serves. */
export const TLS_CERT_ENV = 'AUTOPILOT_E2E_TLS_CERT';
/** Its private key (PEM). */
export const TLS_KEY_ENV = 'AUTOPILOT_E2E_TLS_KEY';

/**
 * Writes a fresh certificate and key into `dir` and returns the variables for the editor's environment:
 * NODE_EXTRA_CA_CERTS names a bundle of the caller's own extra CAs (kept, e.g. a company proxy's) plus this one.
 */
export function writeTestCertificate(
  dir: string,
  inherited: string | undefined = process.env['NODE_EXTRA_CA_CERTS'],
): Record<string, string> {
  const { cert, key } = makeTestCertificate();
  const certFile = path.join(dir, 'identity-provider.cert.pem');
  const keyFile = path.join(dir, 'identity-provider.key.pem');
  const bundleFile = path.join(dir, 'extra-ca-certs.pem');
  writeFileSync(certFile, cert, { mode: 0o600 });
  writeFileSync(keyFile, key, { mode: 0o600 });
  const previous = inherited && existsSync(inherited) ? readFileSync(inherited, 'utf8').trimEnd() + '\n' : '';
  writeFileSync(bundleFile, previous + cert, { mode: 0o600 });
  return { NODE_EXTRA_CA_CERTS: bundleFile, [TLS_CERT_ENV]: certFile, [TLS_KEY_ENV]: keyFile };
}

/** The certificate the runner made, as the test reads it inside the extension host; undefined without a runner. */
export function readTestCertificate(env: NodeJS.ProcessEnv = process.env): TestCertificate | undefined {
  const certFile = env[TLS_CERT_ENV];
  const keyFile = env[TLS_KEY_ENV];
  if (!certFile || !keyFile || !existsSync(certFile) || !existsSync(keyFile)) return undefined;
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
