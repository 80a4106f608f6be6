export { normalizeMsisdn, isNormalizedMsisdn, maskMsisdn } from './msisdn';
