<?php
// Verifying Lipa webhooks in PHP with nothing but the standard library (hash_hmac, base64, hash_equals).
// docs/webhooks.md explains what arrives; this file is tested against real deliveries
// (apps/e2e/src/webhook-verification.e2e-spec.ts).
//
// As your webhook endpoint (PHP-FPM, Apache, `php -S`): set LIPA_WEBHOOK_SECRET and route POSTs here.
// As a CLI it checks one saved request:
//   LIPA_WEBHOOK_SECRET=whsec_… php verify.php request.json
// where request.json is {"headers": {"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …},
// "body_base64": "<the raw body bytes, base64>"}; it exits 0 when valid, 1 otherwise.

final class LipaWebhookException extends Exception {}

/**
 * Returns the decoded event when the request is from Lipa, throws LipaWebhookException otherwise.
 * $headers: header names in any case; $body: the raw body exactly as received (php://input).
 * Any of the space-separated "v1,<base64>" signatures may match: during a secret rotation both secrets sign.
 */
function lipa_verify_webhook(string $secret, array $headers, string $body, int $toleranceSeconds = 300, ?int $now = null): array
{
    $headers = array_change_key_case($headers, CASE_LOWER);
    $id = $headers['webhook-id'] ?? '';
    $timestamp = $headers['webhook-timestamp'] ?? '';
    $signatures = $headers['webhook-signature'] ?? '';
    if ($id === '' || $timestamp === '' || $signatures === '') {
        throw new LipaWebhookException('missing webhook headers');
    }
    if (!ctype_digit($timestamp) || abs(($now ?? time()) - (int) $timestamp) > $toleranceSeconds) {
        throw new LipaWebhookException('timestamp outside the tolerance');
    }
    $key = base64_decode(str_starts_with($secret, 'whsec_') ? substr($secret, 6) : $secret, true);
    if ($key === false || $key === '') {
        throw new LipaWebhookException('the secret is not a whsec_ secret');
    }
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
    foreach (explode(' ', $signatures) as $versioned) {
        [$version, $signature] = array_pad(explode(',', $versioned, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $signature)) {
            return json_decode($body, true, 512, JSON_THROW_ON_ERROR);
        }
    }
    throw new LipaWebhookException('no matching signature');
}

/** The endpoint itself: verify, answer 2xx at once, de-duplicate on the event id, then do the work. */
function lipa_handle_webhook_request(): void
{
    $body = file_get_contents('php://input');
    $headers = [
        'webhook-id' => $_SERVER['HTTP_WEBHOOK_ID'] ?? '',
        'webhook-timestamp' => $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '',
        'webhook-signature' => $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '',
    ];
    try {
        $event = lipa_verify_webhook(getenv('LIPA_WEBHOOK_SECRET') ?: '', $headers, $body);
    } catch (LipaWebhookException | JsonException $e) {
        http_response_code(400);
        return;
    }
    http_response_code(204); // answer fast; a slow answer counts as a failure and is sent again
    // At least once: the same id may arrive more than once. Record $event['id'] under a unique key
    // (INSERT … ON CONFLICT DO NOTHING) and stop here if it was already there.
    switch ($event['type']) {
        case 'payment.completed':
            // mark the order $event['data']['reference'] paid; receipt $event['data']['transaction_code']
            break;
        case 'payment.failed':
            // $event['data']['status'] is failed, cancelled or timeout
            break;
    }
}

if (PHP_SAPI === 'cli') {
    if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
        try {
            $request = json_decode(file_get_contents($argv[1] ?? 'php://stdin'), true, 512, JSON_THROW_ON_ERROR);
            $event = lipa_verify_webhook(getenv('LIPA_WEBHOOK_SECRET') ?: '', $request['headers'], base64_decode($request['body_base64'], true));
            printf("valid %s %s (%s)\n", $event['type'] ?? '', $event['id'] ?? '', $event['mode'] ?? '');
            exit(0);
        } catch (Throwable $e) {
            echo 'invalid: ' . $e->getMessage() . "\n";
            exit(1);
        }
    }
} elseif (($_SERVER['REQUEST_METHOD'] ?? '') === 'POST') {
    lipa_handle_webhook_request();
}
