import { constants, publicEncrypt } from 'node:crypto';

/**
 * Daraja's SecurityCredential (docs/daraja.md §14): base64 of the initiator password encrypted with the
 * certificate's public key under RSA PKCS#1 v1.5. The padding is random, so every call gives a different
 * value. Safaricom's sandbox and production certificates are not in this repo: the caller passes the PEM
 * (the one downloaded from the Daraja portal, or daraja-sim's own certificate).
 */
export function securityCredential(initiatorPassword: string, certificatePem: string | Buffer): string {
  if (typeof initiatorPassword !== 'string' || initiatorPassword.length === 0) {
    throw new TypeError('securityCredential needs a non-empty initiator password');
  }
  return publicEncrypt({ key: certificatePem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(initiatorPassword, 'utf8')).toString('base64');
}
