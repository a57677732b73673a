"""Block Address, firewall flavour: adds a rule that blocks the device's address.

Connector: FIREWALL; host and port of the firewall's REST API; authentication: credentials
(username + password), sent as HTTP basic authentication.
Calls: POST /api/v1/block-rules to block, POST /api/v1/block-rules/remove to undo (unblock), GET
/api/v1/system/status for the Test button.
Params: "durationMinutes" (optional; the rule expires after it), "scheme" ("https" unless set;
the demo sets "http"), "timeout" (seconds, 10 unless set).
An address that is already blocked (HTTP 409) counts as done: running twice blocks once.

Valid on Python 2.7, Python 3 and Jython 2.7; standard library only.
"""
import base64
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

SERVICE = "Firewall"


class ConnectorError(Exception):
    """The third party refused the call; trying again will not help."""
    transient = False


class ConnectorUnavailable(ConnectorError):
    """The third party is rate limiting (429), failing (5xx) or unreachable: the engine may retry."""
    transient = True


def run(ctx):
    event = ctx["event"]
    device = event.get("device") or {}
    address = device.get("address")
    if not address:
        raise ConnectorError("%s: event %s has no device address to block (device %s)"
                             % (SERVICE, event.get("id"), device.get("name")))
    rule = {"address": address, "action": "block", "direction": "both",
            "comment": "edr-playbook: %s event %s on %s" % (event.get("classification"), event.get("id"),
                                                             device.get("name")),
            "eventId": event.get("id")}
    minutes = (ctx.get("params") or {}).get("durationMinutes")
    if minutes:
        rule["durationMinutes"] = int(minutes)
    status, answer = http(ctx, "POST", "/api/v1/block-rules", rule, auth_header(ctx), accept=(409,))
    rule_id = answer.get("id") if isinstance(answer, dict) else None
    if status == 409:
        return {"message": "%s: %s was already blocked (rule %s)" % (SERVICE, address, rule_id),
                "address": address, "ruleId": rule_id, "alreadyBlocked": True}
    return {"message": "%s: blocked %s (rule %s)" % (SERVICE, address, rule_id),
            "address": address, "ruleId": rule_id, "alreadyBlocked": False}


def undo(ctx):
    """Removes the rule run added: ctx["original"]["result"] is what run returned. A rule that
    existed before run (it found the address already blocked) is not this run's to remove."""
    original = (ctx.get("original") or {}).get("result") or {}
    address, rule_id = original.get("address"), original.get("ruleId")
    if original.get("alreadyBlocked"):
        return {"message": "%s: nothing to undo, %s was blocked before (rule %s)" % (SERVICE, address, rule_id)}
    if not rule_id:
        raise ConnectorError("%s: the run to undo recorded no rule id (its result: %s)" % (SERVICE, original))
    status, answer = http(ctx, "POST", "/api/v1/block-rules/remove", {"id": rule_id, "address": address},
                          auth_header(ctx), accept=(404,))
    if status == 404:
        return {"message": "%s: rule %s for %s was already gone" % (SERVICE, rule_id, address)}
    return {"message": "%s: unblocked %s (rule %s removed)" % (SERVICE, address, rule_id)}


def test(ctx):
    status, answer = http(ctx, "GET", "/api/v1/system/status", None, auth_header(ctx))
    answer = answer if isinstance(answer, dict) else {}
    return {"message": "%s: credentials accepted by %s:%s (%s %s)"
            % (SERVICE, ctx["connector"]["host"], ctx["connector"]["port"],
               answer.get("model", "firewall"), answer.get("version", ""))}


def auth_header(ctx):
    auth = ctx["connector"].get("auth") or {}
    if auth.get("type") != "credentials":
        raise ConnectorError("%s: connector '%s' needs credentials (username and password), it has %s authentication"
                             % (SERVICE, ctx["connector"].get("name"), auth.get("type")))
    pair = ("%s:%s" % (auth["username"], auth["password"])).encode("utf-8")
    return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


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
