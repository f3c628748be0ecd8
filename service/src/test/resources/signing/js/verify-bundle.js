// Verifies a key-signed DSSE Sigstore bundle offline with sigstore-js (npm sigstore@4):
// the low-level @sigstore/verify Verifier, an empty trust root, the public key found through
// the bundle's publicKey.hint, and tlog/ctlog/timestamp thresholds of 0 (after
// ../shared/lab/sigjs-dsse-offline.js).
// Usage: SIGJS_DIR=<dir with node_modules> node verify-bundle.js bundle.json key.pub.pem hint
// Prints "VERIFIED" (exit 0) or "FAILED <code> <message>" (exit 1).
'use strict';
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { createRequire } = require('module');
const req = createRequire(path.join(process.env.SIGJS_DIR, 'package.json'));
const { Verifier, toSignedEntity, toTrustMaterial } = req('@sigstore/verify');
const { bundleFromJSON } = req('@sigstore/bundle');

const [bundlePath, keyPath, expectedHint] = process.argv.slice(2);
const bundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8'));
const pem = fs.readFileSync(keyPath, 'utf8');
const EMPTY_ROOT = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
const keyFinder = (hint) => {
  if (hint !== expectedHint) {
    throw new Error(`unknown key hint ${hint}`);
  }
  return { publicKey: crypto.createPublicKey(pem), validFor: () => true };
};
try {
  const verifier = new Verifier(toTrustMaterial(EMPTY_ROOT, keyFinder),
    { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundleFromJSON(bundle)), {});
  console.log('VERIFIED');
} catch (e) {
  console.log(`FAILED ${e.code || e.name} ${e.message}`);
  process.exit(1);
}
