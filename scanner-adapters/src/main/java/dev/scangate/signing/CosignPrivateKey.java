package dev.scangate.signing;

import dev.scangate.signing.CosignKeyException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.generators.SCrypt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A cosign signing key: an ECDSA P-256 key pair read from, or written as, cosign's encrypted
 * private key format (https://github.com/sigstore/cosign/blob/main/specs/KEYS.md and
 * go-securesystemslib's {@code encrypted} package): a PEM block {@code ENCRYPTED SIGSTORE PRIVATE
 * KEY} (older cosign: {@code ENCRYPTED COSIGN PRIVATE KEY}) whose body is the JSON
 * <pre>
 * {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"…"},
 *  "cipher":{"name":"nacl/secretbox","nonce":"…"},"ciphertext":"…"}
 * </pre>
 * where key = scrypt(UTF-8 password, salt, N, r, p, 32), the ciphertext is a NaCl secretbox
 * (XSalsa20-Poly1305) of the PKCS#8 DER private key, and byte strings are standard base64.
 *
 * <p>Passwords are {@code char[]}: the bytes derived from them and the scrypt key are cleared
 * after use; the caller clears its array. Neither the password nor key material is ever logged
 * or put in an exception message; {@link #toString()} shows the key id only.
 *
 * <pre>{@code
 * char[] password = System.getenv("COSIGN_PASSWORD").toCharArray();
 * CosignPrivateKey key = CosignPrivateKey.decrypt(Files.readString(Path.of("cosign.key")), password);
 * Arrays.fill(password, '\0');
 * Signer signer = key.signer();
 * String pub = key.publicKeyPem();   // what `cosign public-key` prints
 * }</pre>
 */
public final class CosignPrivateKey {

  /** The PEM type current cosign writes. */
  public static final String SIGSTORE_PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
  /** The PEM type older cosign releases wrote; still read. */
  public static final String COSIGN_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";

  private static final String KDF_SCRYPT = "scrypt";
  private static final String CIPHER_SECRETBOX = "nacl/secretbox";
  private static final int SALT_BYTES = 32;
  private static final X9ECParameters CURVE = ECNamedCurveTable.getByName("P-256");

  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;
  private final BigInteger d;

  private CosignPrivateKey(BigInteger d) {
    this.d = d;
    org.bouncycastle.math.ec.ECPoint q = CURVE.getG().multiply(d).normalize();
    this.publicKey = P256.publicKey(q.getAffineXCoord().toBigInteger(),
        q.getAffineYCoord().toBigInteger());
    try {
      this.privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
          .generatePrivate(new ECPrivateKeySpec(d, P256.PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a P-256 private key", e);
    }
  }

  /** A new random key pair. */
  public static CosignPrivateKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      return new CosignPrivateKey(((ECPrivateKey) pair.getPrivate()).getS());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JRE cannot generate P-256 keys", e);
    }
  }

  /**
   * Decrypts a cosign private key.
   *
   * @param pem the key file's text; the first PEM block is read
   * @param password the key's password ({@code COSIGN_PASSWORD}); may be empty, not cleared here
   * @throws CosignKeyException with a {@link Reason} and a message that names the problem
   */
  public static CosignPrivateKey decrypt(String pem, char[] password) {
    Objects.requireNonNull(pem, "pem");
    Objects.requireNonNull(password, "password");
    PemBlock block;
    try {
      block = PemBlock.parse(pem);
    } catch (IllegalArgumentException e) {
      throw new CosignKeyException(Reason.MALFORMED, "cosign private key: " + e.getMessage(), e);
    }
    if (!SIGSTORE_PEM_TYPE.equals(block.type()) && !COSIGN_PEM_TYPE.equals(block.type())) {
      throw new CosignKeyException(Reason.UNSUPPORTED_PEM_TYPE, "cosign private key: PEM block"
          + " is \"" + block.type() + "\", expected \"" + SIGSTORE_PEM_TYPE + "\" or \""
          + COSIGN_PEM_TYPE + "\"");
    }
    Encrypted encrypted = Encrypted.parse(block.bytes());
    byte[] plaintext = encrypted.open(password);
    try {
      return fromPkcs8(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * This key in cosign's encrypted format with {@link ScryptParams#STANDARD}, under the PEM type
   * current cosign writes.
   */
  public String encrypt(char[] password) {
    return encrypt(password, ScryptParams.STANDARD);
  }

  /** This key in cosign's encrypted format with the given scrypt parameters. */
  public String encrypt(char[] password, ScryptParams params) {
    Objects.requireNonNull(password, "password");
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] nonce = new byte[NaclSecretBox.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] key = deriveKey(password, salt, params);
    byte[] pkcs8 = pkcs8();
    byte[] box;
    try {
      box = NaclSecretBox.seal(pkcs8, nonce, key);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(pkcs8, (byte) 0);
    }
    // Field order as go-securesystemslib marshals its structs.
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("name", KDF_SCRYPT);
    ObjectNode kdfParams = kdf.putObject("params");
    kdfParams.put("N", params.n());
    kdfParams.put("r", params.r());
    kdfParams.put("p", params.p());
    kdf.put("salt", Base64.getEncoder().encodeToString(salt));
    ObjectNode cipher = root.putObject("cipher");
    cipher.put("name", CIPHER_SECRETBOX);
    cipher.put("nonce", Base64.getEncoder().encodeToString(nonce));
    root.put("ciphertext", Base64.getEncoder().encodeToString(box));
    byte[] json = StrictJson.MAPPER.writeValueAsBytes(root);
    return new PemBlock(SIGSTORE_PEM_TYPE, json).encode();
  }

  /** The public key. */
  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** The public key as cosign writes it ({@code cosign.pub}). */
  public String publicKeyPem() {
    return PublicKeyPem.format(publicKey);
  }

  /** See {@link PublicKeyPem#keyId}. */
  public String keyId() {
    return P256.keyId(publicKey);
  }

  /** A signer with this key. */
  public Signer signer() {
    return new KeyPairSigner(privateKey, publicKey);
  }

  @Override
  public String toString() {
    return "CosignPrivateKey[ECDSA P-256, keyId " + keyId() + "]";
  }

  /**
   * The PKCS#8 encoding Go's {@code x509.MarshalPKCS8PrivateKey} writes for an ECDSA key: the
   * curve OID in the AlgorithmIdentifier and, inside, a SEC1 ECPrivateKey with the public key
   * and without repeated curve parameters.
   */
  private byte[] pkcs8() {
    AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
        SECObjectIdentifiers.secp256r1);
    org.bouncycastle.math.ec.ECPoint q = CURVE.getG().multiply(d).normalize();
    org.bouncycastle.asn1.sec.ECPrivateKey inner = new org.bouncycastle.asn1.sec.ECPrivateKey(
        256, d, new DERBitString(q.getEncoded(false)), null);
    try {
      return new PrivateKeyInfo(algorithm, inner).getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the private key", e);
    }
  }

  /** Reads the decrypted plaintext: PKCS#8 DER of an ECDSA P-256 key, as cosign requires. */
  private static CosignPrivateKey fromPkcs8(byte[] der) {
    ASN1Primitive primitive;
    try {
      primitive = ASN1Primitive.fromByteArray(der);
    } catch (IOException | IllegalArgumentException e) {
      throw new CosignKeyException(Reason.MALFORMED,
          "the key decrypts to something that is not DER", e);
    }
    if (!(primitive instanceof ASN1Sequence sequence) || sequence.size() < 2) {
      throw new CosignKeyException(Reason.MALFORMED,
          "the key decrypts to DER that is not a private key structure");
    }
    // SEC1 (RFC 5915) ECPrivateKey ::= SEQUENCE { version INTEGER 1, privateKey OCTET STRING, … }
    // PKCS#8 (RFC 5208) PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier SEQUENCE, … }
    ASN1Encodable first = sequence.getObjectAt(0);
    ASN1Encodable second = sequence.getObjectAt(1);
    if (first instanceof ASN1Integer && second instanceof ASN1OctetString) {
      throw new CosignKeyException(Reason.NOT_PKCS8, "the key decrypts to a SEC1 EC PRIVATE KEY,"
          + " not PKCS#8 ECDSA P-256 as cosign requires");
    }
    PrivateKeyInfo info;
    org.bouncycastle.asn1.sec.ECPrivateKey ec;
    try {
      info = PrivateKeyInfo.getInstance(sequence);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CosignKeyException(Reason.NOT_PKCS8,
          "the key decrypts to DER that is not PKCS#8, as cosign requires", e);
    }
    P256.requireP256(info.getPrivateKeyAlgorithm(), "the private key");
    try {
      ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new CosignKeyException(Reason.MALFORMED,
          "the PKCS#8 key does not hold a valid EC private key", e);
    }
    BigInteger d = ec.getKey();
    if (d.signum() <= 0 || d.compareTo(CURVE.getN()) >= 0) {
      throw new CosignKeyException(Reason.MALFORMED,
          "the EC private key is out of range for P-256");
    }
    CosignPrivateKey key = new CosignPrivateKey(d);
    org.bouncycastle.asn1.ASN1BitString embedded = ec.getPublicKey();
    if (embedded != null) {
      byte[] derived = CURVE.getG().multiply(d).normalize().getEncoded(false);
      if (!Arrays.equals(derived, embedded.getOctets())) {
        throw new CosignKeyException(Reason.MALFORMED,
            "the key's embedded public key does not belong to its private key");
      }
    }
    return key;
  }

  private static byte[] deriveKey(char[] password, byte[] salt, ScryptParams params) {
    byte[] passwordBytes = utf8(password);
    try {
      return SCrypt.generate(passwordBytes, salt, params.n(), params.r(), params.p(),
          NaclSecretBox.KEY_BYTES);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  /** The password's UTF-8 bytes (Go uses the bytes as typed), without an intermediate String. */
  private static byte[] utf8(char[] password) {
    ByteBuffer buffer;
    try {
      buffer = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the password is not valid UTF-16 text");
    }
    byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    Arrays.fill(buffer.array(), (byte) 0);
    return bytes;
  }

  /** The decoded JSON of an encrypted key. */
  private record Encrypted(ScryptParams params, byte[] salt, byte[] nonce, byte[] ciphertext) {

    static Encrypted parse(byte[] json) {
      JsonNode root;
      try {
        root = StrictJson.object(json, "the encrypted key");
      } catch (IllegalArgumentException e) {
        throw new CosignKeyException(Reason.MALFORMED, e.getMessage(), e);
      }
      JsonNode kdf = root.path("kdf");
      JsonNode cipher = root.path("cipher");
      if (!kdf.isObject() || !cipher.isObject() || !root.path("ciphertext").isString()) {
        throw new CosignKeyException(Reason.MALFORMED, "the encrypted key needs \"kdf\","
            + " \"cipher\" and \"ciphertext\"");
      }
      String kdfName = kdf.path("name").asString("");
      if (!KDF_SCRYPT.equals(kdfName)) {
        throw new CosignKeyException(Reason.UNSUPPORTED_KDF, "unsupported key derivation \""
            + kdfName + "\"; cosign keys use \"" + KDF_SCRYPT + "\"");
      }
      String cipherName = cipher.path("name").asString("");
      if (!CIPHER_SECRETBOX.equals(cipherName)) {
        throw new CosignKeyException(Reason.UNSUPPORTED_CIPHER, "unsupported cipher \""
            + cipherName + "\"; cosign keys use \"" + CIPHER_SECRETBOX + "\"");
      }
      JsonNode params = kdf.path("params");
      ScryptParams scrypt;
      try {
        scrypt = new ScryptParams(intField(params, "N"), intField(params, "r"),
            intField(params, "p"));
      } catch (IllegalArgumentException e) {
        throw new CosignKeyException(Reason.UNSUPPORTED_KDF, e.getMessage(), e);
      }
      byte[] salt = base64(kdf, "salt", "kdf.salt");
      byte[] nonce = base64(cipher, "nonce", "cipher.nonce");
      if (nonce.length != NaclSecretBox.NONCE_BYTES) {
        throw new CosignKeyException(Reason.MALFORMED, "cipher.nonce has " + nonce.length
            + " bytes; nacl/secretbox needs " + NaclSecretBox.NONCE_BYTES);
      }
      byte[] ciphertext = base64(root, "ciphertext", "ciphertext");
      if (ciphertext.length < NaclSecretBox.TAG_BYTES) {
        throw new CosignKeyException(Reason.MALFORMED, "ciphertext is shorter than its"
            + " authentication tag");
      }
      return new Encrypted(scrypt, salt, nonce, ciphertext);
    }

    byte[] open(char[] password) {
      byte[] key = deriveKey(password, salt, params);
      Optional<byte[]> plaintext;
      try {
        plaintext = NaclSecretBox.open(ciphertext, nonce, key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
      return plaintext.orElseThrow(() -> new CosignKeyException(Reason.WRONG_PASSWORD,
          "wrong password: authentication of the encrypted key failed"));
    }

    private static int intField(JsonNode node, String field) {
      JsonNode value = node.path(field);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw new CosignKeyException(Reason.MALFORMED,
            "kdf.params." + field + " must be an integer");
      }
      return value.intValue();
    }

    private static byte[] base64(JsonNode node, String field, String path) {
      JsonNode value = node.path(field);
      if (!value.isString()) {
        throw new CosignKeyException(Reason.MALFORMED, path + " must be a base64 string");
      }
      try {
        return Base64.getDecoder().decode(value.stringValue());
      } catch (IllegalArgumentException e) {
        throw new CosignKeyException(Reason.MALFORMED, path + " is not valid base64", e);
      }
    }
  }
}
