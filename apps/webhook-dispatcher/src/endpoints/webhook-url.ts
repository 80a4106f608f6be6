/**
 * Whether a merchant's URL can be a webhook endpoint: absolute, http or https, with a host.
 * Whether its host resolves to an allowed address is decided at delivery time (DNS can change).
 */
export function isValidWebhookUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
}
