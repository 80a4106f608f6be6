"""Verifying Lipa webhooks in Python with nothing but the standard library (hmac, hashlib, base64, time).

docs/webhooks.md explains what arrives; this file is tested against real deliveries
(apps/e2e/src/webhook-verification.e2e-spec.ts).

Use `verify_lipa_webhook` from your framework (Flask: request.get_data(), request.headers; Django:
request.body, request.headers), or run `LIPA_WEBHOOK_SECRET=whsec_... python3 verify.py --serve 8000` for a
small receiver built on http.server. As a CLI it checks one saved request:

    LIPA_WEBHOOK_SECRET=whsec_... python3 verify.py request.json

where request.json is {"headers": {"webhook-id": ..., "webhook-timestamp": ..., "webhook-signature": ...},
"body_base64": "<the raw body bytes, base64>"}; it exits 0 when valid, 1 otherwise.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(Exception):
    pass


def verify_lipa_webhook(secret, headers, body, tolerance=TOLERANCE_SECONDS, now=None):
    """Returns the decoded event when the request is from Lipa; raises WebhookVerificationError otherwise.

    headers: a mapping (any case of names); body: the raw bytes exactly as received, never re-serialised.
    Any of the space-separated "v1,<base64>" signatures may match: during a secret rotation both secrets sign.
    """
    lower = {k.lower(): v for k, v in dict(headers).items()}
    msg_id = lower.get("webhook-id", "")
    timestamp = lower.get("webhook-timestamp", "")
    signatures = lower.get("webhook-signature", "")
    if not msg_id or not timestamp or not signatures:
        raise WebhookVerificationError("missing webhook headers")
    if not timestamp.isdigit() or abs((now if now is not None else time.time()) - int(timestamp)) > tolerance:
        raise WebhookVerificationError("timestamp outside the tolerance")
    try:
        key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret, validate=True)
    except ValueError as error:
        raise WebhookVerificationError("the secret is not a whsec_ secret") from error
    if not key:
        raise WebhookVerificationError("the secret is not a whsec_ secret")
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for versioned in signatures.split(" "):
        version, _, signature = versioned.partition(",")
        if version == "v1" and hmac.compare_digest(expected, signature):
            return json.loads(body)
    raise WebhookVerificationError("no matching signature")


class LipaWebhookHandler(BaseHTTPRequestHandler):
    """Verify, answer 2xx at once, de-duplicate on the event id, then do the work."""

    seen = set()  # use your database (a unique key on the event id) in production

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        try:
            event = verify_lipa_webhook(os.environ["LIPA_WEBHOOK_SECRET"], self.headers, body)
        except (WebhookVerificationError, ValueError):
            self.send_response(400)
            self.end_headers()
            return
        self.send_response(204)  # answer fast; a slow answer counts as a failure and is sent again
        self.end_headers()
        if event["id"] in self.seen:  # at least once: the same webhook-id may arrive more than once
            return
        self.seen.add(event["id"])
        if event["type"] == "payment.completed":
            pass  # mark the order event["data"]["reference"] paid; receipt event["data"]["transaction_code"]
        elif event["type"] == "payment.failed":
            pass  # event["data"]["status"] is failed, cancelled or timeout


def main(argv):
    if len(argv) == 3 and argv[1] == "--serve":
        HTTPServer(("0.0.0.0", int(argv[2])), LipaWebhookHandler).serve_forever()
        return 0
    try:
        with open(argv[1], encoding="utf-8") as file:
            request = json.load(file)
        event = verify_lipa_webhook(os.environ.get("LIPA_WEBHOOK_SECRET", ""), request["headers"], base64.b64decode(request["body_base64"]))
        print(f"valid {event.get('type')} {event.get('id')} ({event.get('mode')})")
        return 0
    except Exception as error:  # noqa: BLE001 (a CLI: any failure means "not valid")
        print(f"invalid: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
