// The local doubles for test/e2e/intuneCheck.mjs (which compiles this module and serves them from its own process):
// the identity provider (partner and customer tenants) and Microsoft Graph, plus the certificate maker.
export { FakeGraph } from '../doubles/fakeGraph';
export { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
export { readTestCertificate, writeTestCertificate } from './testCertificate';
