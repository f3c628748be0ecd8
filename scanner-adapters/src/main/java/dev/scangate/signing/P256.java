package dev.scangate.signing;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The one key type cosign keys use: ECDSA on NIST P-256 (secp256r1, OID 1.2.840.10045.3.1.7),
 * with SHA-256 signatures in ASN.1 DER.
 */
final class P256 {

  static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  static final ECParameterSpec PARAMS = params();

  /** Names for algorithm OIDs a user may plausibly hand us instead, for error messages. */
  private static final Map<String, String> KNOWN_ALGORITHMS = Map.of(
      "1.2.840.113549.1.1.1", "RSA",
      "1.3.101.112", "Ed25519",
      "1.3.101.113", "Ed448",
      "1.2.840.10040.4.1", "DSA");
  private static final Map<String, String> KNOWN_CURVES = Map.of(
      "1.3.132.0.34", "P-384",
      "1.3.132.0.35", "P-521",
      "1.3.132.0.10", "secp256k1");

  private P256() {
  }

  private static ECParameterSpec params() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JRE has no EC support for secp256r1", e);
    }
  }

  /**
   * Checks an AlgorithmIdentifier (of a SubjectPublicKeyInfo or PrivateKeyInfo) names ECDSA on
   * P-256, else throws {@link CosignKeyException.Reason#NOT_ECDSA_P256} naming what it is.
   */
  static void requireP256(AlgorithmIdentifier algorithm, String what) {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
      throw new CosignKeyException(CosignKeyException.Reason.NOT_ECDSA_P256, what + " is "
          + KNOWN_ALGORITHMS.getOrDefault(oid.getId(), "algorithm " + oid.getId())
          + ", not ECDSA P-256 as cosign keys are");
    }
    Object params = algorithm.getParameters();
    if (!(params instanceof ASN1ObjectIdentifier curve)
        || !SECObjectIdentifiers.secp256r1.equals(curve)) {
      String name = params instanceof ASN1ObjectIdentifier curve
          ? KNOWN_CURVES.getOrDefault(curve.getId(), "curve " + curve.getId())
          : "an EC key with explicit or missing curve parameters";
      throw new CosignKeyException(CosignKeyException.Reason.NOT_ECDSA_P256, what + " is "
          + name + ", not ECDSA P-256 as cosign keys are");
    }
  }

  /** Whether a JCA key is an EC key on P-256. */
  static boolean isP256(java.security.Key key) {
    if (!(key instanceof ECKey ec)) {
      return false;
    }
    ECParameterSpec spec = ec.getParams();
    return spec.getOrder().equals(PARAMS.getOrder())
        && spec.getCurve().equals(PARAMS.getCurve())
        && spec.getGenerator().equals(PARAMS.getGenerator());
  }

  /** Parses a DER SubjectPublicKeyInfo of a P-256 key. */
  static ECPublicKey publicKeyFromDer(byte[] der, String what) {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(der);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CosignKeyException(CosignKeyException.Reason.MALFORMED, what
          + " is not a DER SubjectPublicKeyInfo", e);
    }
    requireP256(info.getAlgorithm(), what);
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new CosignKeyException(CosignKeyException.Reason.MALFORMED, what
          + " is not a valid P-256 public key (" + e.getMessage() + ")", e);
    }
  }

  /** The public key for an affine point already checked to be on the curve. */
  static ECPublicKey publicKey(BigInteger x, BigInteger y) {
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a P-256 public key", e);
    }
  }

  /**
   * The key id scangate uses: the lowercase hex SHA-256 of the key's DER SubjectPublicKeyInfo
   * (64 characters; the same value sigstore-js derives for a bundle's public key hint).
   */
  static String keyId(PublicKey key) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("JRE without SHA-256", e);
    }
  }
}
