"""schemathesis hooks for warta's API: how to send a batch body (NDJSON), which
schemathesis has no serializer for. Loaded through SCHEMATHESIS_HOOKS by run.sh."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    # The document describes the batch body as text (one JSON object a line); generated
    # text is sent as it is, anything else (negative cases) as JSON.
    if isinstance(value, bytes):
        return {"data": value}
    if isinstance(value, str):
        return {"data": value.encode("utf-8", "surrogatepass")}
    return {"data": json.dumps(value).encode("utf-8")}
