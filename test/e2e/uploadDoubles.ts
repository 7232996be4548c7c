// The local doubles and the certificate maker, as one module for test/e2e/uploadCheck.mjs (which compiles it):
// that runner serves them from its own process while the editor under test talks to them over loopback.
export { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
export { FakePartnerCenter } from '../doubles/fakePartnerCenter';
export { readTestCertificate, writeTestCertificate } from './testCertificate';
