"""Block Address, NAC flavour: isolates the device from the network.

Connector: NAC; host and port of the network access control system's REST API;
authentication: an API key, sent in the "X-Api-Key" header.
Calls: POST /api/v1/endpoints/isolate to isolate, GET /api/v1/auth/check for the Test button.
Params: "policy" (the isolation policy, "quarantine" unless set), "scheme" ("https" unless set;
the demo sets "http"), "timeout" (seconds, 10 unless set).

Valid on Python 2.7, Python 3 and Jython 2.7; standard library only.
"""
import json
import socket

try:  # Python 3
    from urllib.request import Request, urlopen
    from urllib.error import HTTPError, URLError
except ImportError:  # Python 2.7 and Jython 2.7
    from urllib2 import Request, urlopen, HTTPError, URLError

try:
    TEXT = unicode  # Python 2.7 and Jython: ctx strings are unicode
except NameError:
    TEXT = str

SERVICE = "NAC"


class ConnectorError(Exception):
    """The third party refused the call; trying again will not help."""
    transient = False


class ConnectorUnavailable(ConnectorError):
    """The third party is rate limiting (429), failing (5xx) or unreachable: the engine may retry."""
    transient = True


def run(ctx):
    event = ctx["event"]
    device = event.get("device") or {}
    if not device.get("address") and not device.get("name"):
        raise ConnectorError("%s: event %s names no device to isolate (no address, no name)"
                             % (SERVICE, event.get("id")))
    policy = (ctx.get("params") or {}).get("policy", "quarantine")
    request = {"address": device.get("address"), "hostname": device.get("name"), "policy": policy,
               "reason": "edr-playbook: %s event %s" % (event.get("classification"), event.get("id"))}
    status, answer = http(ctx, "POST", "/api/v1/endpoints/isolate", request, auth_header(ctx))
    answer = answer if isinstance(answer, dict) else {}
    return {"message": "%s: isolated %s (%s) with policy %s, state %s"
            % (SERVICE, device.get("name"), device.get("address"), policy, answer.get("state", "unknown")),
            "isolationId": answer.get("id"), "state": answer.get("state")}


def test(ctx):
    status, answer = http(ctx, "GET", "/api/v1/auth/check", None, auth_header(ctx))
    answer = answer if isinstance(answer, dict) else {}
    return {"message": "%s: API key accepted by %s:%s (tenant %s)"
            % (SERVICE, ctx["connector"]["host"], ctx["connector"]["port"], answer.get("tenant", "unknown"))}


def auth_header(ctx):
    auth = ctx["connector"].get("auth") or {}
    if auth.get("type") != "apiKey":
        raise ConnectorError("%s: connector '%s' needs an API key, it has %s authentication"
                             % (SERVICE, ctx["connector"].get("name"), auth.get("type")))
    return {"X-Api-Key": auth["apiKey"]}


# --- HTTP helper, the same in every sample script -------------------------------------------------

def http(ctx, method, path, body=None, headers=None, accept=()):
    """Calls the connector's host; returns (status, answer decoded from JSON when it is JSON).

    Raises ConnectorUnavailable (transient) for HTTP 429, 5xx and network failures, and
    ConnectorError for any other HTTP error whose status is not in accept.
    """
    connector = ctx["connector"]
    params = ctx.get("params") or {}
    url = "%s://%s:%s%s" % (params.get("scheme", "https"), connector["host"], connector["port"], path)
    all_headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body, allow_nan=False).encode("utf-8")
        all_headers["Content-Type"] = "application/json; charset=utf-8"
    for name, value in (headers or {}).items():
        all_headers[name] = native(value)
    request = Request(native(url), data=data, headers=all_headers)
    request.get_method = lambda: method
    try:
        response = urlopen(request, timeout=float(params.get("timeout", 10)))
        try:
            return response.getcode(), decode(response.read())
        finally:
            response.close()
    except HTTPError as e:
        answer = decode(e.read() if e.fp is not None else b"")
        if e.code in accept:
            return e.code, answer
        cls = ConnectorUnavailable if e.code == 429 or e.code >= 500 else ConnectorError
        raise cls("%s: %s %s answered HTTP %s: %s" % (SERVICE, method, url, e.code, reason(answer)))
    except (URLError, socket.error, socket.timeout) as e:
        raise ConnectorUnavailable("%s: cannot reach %s %s: %s" % (SERVICE, method, url, getattr(e, "reason", e)))


def decode(raw):
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def reason(answer):
    """The third party's own words, short; never our request (it could hold a secret)."""
    if isinstance(answer, dict):
        for key in ("error", "message", "detail"):
            if answer.get(key):
                return TEXT(answer[key])[:200]
        return json.dumps(answer, sort_keys=True)[:200]
    return TEXT(answer or "no details")[:200]


def native(value):
    """Python 2's httplib wants byte strings in the URL and headers."""
    if str is not TEXT and isinstance(value, TEXT):
        return value.encode("utf-8")
    return value
