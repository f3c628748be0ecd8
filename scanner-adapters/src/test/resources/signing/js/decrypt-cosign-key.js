// Decrypts a cosign encrypted private key with an independent implementation: Node's scrypt
// and tweetnacl's secretbox (npm tweetnacl@1), then prints the key's public key as SPKI PEM.
// Usage: SIGJS_DIR=<dir with node_modules> COSIGN_PASSWORD=… node decrypt-cosign-key.js cosign.key
'use strict';
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { createRequire } = require('module');
const req = createRequire(path.join(process.env.SIGJS_DIR, 'package.json'));
const nacl = req('tweetnacl');

const pem = fs.readFileSync(process.argv[2], 'utf8');
const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
const doc = JSON.parse(Buffer.from(match[2].replace(/\s+/g, ''), 'base64').toString('utf8'));
const { N, r, p } = doc.kdf.params;
const key = crypto.scryptSync(Buffer.from(process.env.COSIGN_PASSWORD || '', 'utf8'),
  Buffer.from(doc.kdf.salt, 'base64'), 32, { N, r, p, maxmem: 512 * 1024 * 1024 });
const plain = nacl.secretbox.open(new Uint8Array(Buffer.from(doc.ciphertext, 'base64')),
  new Uint8Array(Buffer.from(doc.cipher.nonce, 'base64')), new Uint8Array(key));
if (plain === null) {
  console.log('FAILED secretbox authentication');
  process.exit(1);
}
const privateKey = crypto.createPrivateKey({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' });
console.log(`${match[1]} ${privateKey.asymmetricKeyDetails.namedCurve}`);
process.stdout.write(crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
