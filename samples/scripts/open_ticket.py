"""Open Ticket, ServiceNow style: opens an incident for the event.

Connector: CUSTOM; host and port of the ticketing system (a ServiceNow instance or anything that
speaks its Table API); authentication: credentials (username + password), sent as HTTP basic
authentication.
Calls: POST /api/now/table/incident to open, GET /api/now/table/incident?sysparm_limit=1 for the
Test button.
Params: "assignmentGroup" and "category" (optional; "security" unless set), "scheme" ("https"
unless set; the demo sets "http"), "timeout" (seconds, 10 unless set).
Urgency follows the classification: Malicious 1 (high), Suspicious 2 (medium), others 3 (low).

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

SERVICE = "Ticketing"
LABELS = {"MALICIOUS": "Malicious", "SUSPICIOUS": "Suspicious", "PUP": "PUP",
          "INCONCLUSIVE": "Inconclusive", "LIKELY_SAFE": "Likely Safe"}
URGENCY = {"MALICIOUS": "1", "SUSPICIOUS": "2"}


class ConnectorError(Exception):
    """The third party refused the call; trying again will not help."""
    transient = False


class ConnectorUnavailable(ConnectorError):
    """The third party is rate limiting (429), failing (5xx) or unreachable: the engine may retry."""
    transient = True


def run(ctx):
    event = ctx["event"]
    device = event.get("device") or {}
    params = ctx.get("params") or {}
    classification = event.get("classification")
    short = "%s event on %s" % (LABELS.get(classification, classification), device.get("name"))
    details = event.get("details") or {}
    if details.get("rule"):
        short += ": %s" % details["rule"]
    lines = ["Event %s, classified %s at %s." % (event.get("id"), classification, event.get("time"))]
    if event.get("previousClassification"):
        lines.append("Previously classified %s." % event["previousClassification"])
    lines.append("Device %s, address %s, collector group %s, OS %s."
                 % (device.get("name"), device.get("address"), device.get("collectorGroup"), device.get("os")))
    for key, value in sorted(details.items()):
        lines.append("%s: %s" % (key, value if isinstance(value, (TEXT, str))
                                 else json.dumps(value, sort_keys=True, allow_nan=False)))
    incident = {"short_description": ("[Test] " + short if ctx.get("test") else short)[:160],
                "description": "\n".join(lines),
                "urgency": URGENCY.get(classification, "3"),
                "category": params.get("category", "security"),
                "correlation_id": event.get("id")}
    if params.get("assignmentGroup"):
        incident["assignment_group"] = params["assignmentGroup"]
    status, answer = http(ctx, "POST", "/api/now/table/incident", incident, auth_header(ctx))
    result = answer.get("result") if isinstance(answer, dict) else None
    if not isinstance(result, dict) or not result.get("number"):
        raise ConnectorError("%s: POST /api/now/table/incident answered HTTP %s without an incident number"
                             % (SERVICE, status))
    return {"message": "%s: opened %s (urgency %s) for event %s"
            % (SERVICE, result["number"], incident["urgency"], event.get("id")),
            "number": result["number"], "sysId": result.get("sys_id")}


def test(ctx):
    http(ctx, "GET", "/api/now/table/incident?sysparm_limit=1", None, auth_header(ctx))
    return {"message": "%s: credentials accepted by %s:%s (incident table readable)"
            % (SERVICE, ctx["connector"]["host"], ctx["connector"]["port"])}


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
