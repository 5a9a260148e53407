"""schemathesis hooks for scripts/schemathesis.

- The inbound-email operation takes a raw RFC 5322 message (`message/rfc822`), which schemathesis sends as text like
  any other textual body.
- `positive_data_refused_only_by_rule`: scripts/schemathesis.toml lets a schema-valid request be answered 400 and
  415 for rules no schema can say: a version sent in the body and in `If-Match` may disagree (400
  `version_mismatch`) or be missing from both (400 `version_required`), and an upload is judged by its first bytes
  (415 `unsupported_file_type`: a PDF, PNG or JPEG is not a `format: binary` string's business). Any other 400 or
  415 to a schema-valid request (`malformed_json`: the body is valid for the document but not for the server;
  `unsupported_media_type`: a content type the document lists is refused) stays a failure: this check fails it.
"""

import json

import schemathesis

schemathesis.serializer.alias("message/rfc822", "text/plain")

# The answers (status: problem codes) a request valid by the document may rightly get beyond those every operation
# may: the version rules of updates and actions, and an upload's content judged by its bytes.
RULES = {
    400: {"version_required", "version_mismatch"},
    415: {"unsupported_file_type"},
}


@schemathesis.check
def positive_data_refused_only_by_rule(ctx, response, case):
    """A schema-valid request answered 400 or 415 must be refused by one of RULES, never for its shape."""
    meta = case.meta
    allowed = RULES.get(response.status_code)
    if meta is None or not meta.generation.mode.is_positive or allowed is None:
        return None
    try:
        code = json.loads(response.content).get("code")
    except (ValueError, AttributeError):
        code = None
    if code not in allowed:
        raise AssertionError(
            f"Valid data answered {response.status_code} `{code}`: only {', '.join(sorted(allowed))} are expected "
            "for a request the document allows")
    return None
