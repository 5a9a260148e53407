"""schemathesis hooks for scripts/schemathesis: the inbound-email operation takes a raw RFC 5322 message
(`message/rfc822`), which schemathesis sends as text like any other textual body."""

import schemathesis

schemathesis.serializer.alias("message/rfc822", "text/plain")
