"""IM Notification, Microsoft Teams flavour: posts the event as a MessageCard.

Connector: CUSTOM; host and port of the webhook endpoint (a Teams incoming webhook or a relay in
front of one); authentication: an API key, sent as "Authorization: Bearer <key>".
Params: "webhookPath" ("/teams/webhook" unless set), "scheme" ("https" unless set; the demo sets
"http"), "timeout" (seconds, 10 unless set).
The Test button posts a small test card: a webhook has no read-only endpoint to check.

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

SERVICE = "Teams"
LABELS = {"MALICIOUS": "Malicious", "SUSPICIOUS": "Suspicious", "PUP": "PUP",
          "INCONCLUSIVE": "Inconclusive", "LIKELY_SAFE": "Likely Safe"}
COLORS = {"MALICIOUS": "C50F1F", "SUSPICIOUS": "F7630C", "PUP": "FFB900",
          "INCONCLUSIVE": "8A8886", "LIKELY_SAFE": "13A10E"}


class ConnectorError(Exception):
    """The third party refused the call; trying again will not help."""
    transient = False


class ConnectorUnavailable(ConnectorError):
    """The third party is rate limiting (429), failing (5xx) or unreachable: the engine may retry."""
    transient = True


def run(ctx):
    event = ctx["event"]
    device = event.get("device") or {}
    classification = event.get("classification")
    title = "%s event on %s" % (LABELS.get(classification, classification), device.get("name"))
    if ctx.get("test"):
        title = "[Test] " + title
    facts = [("Classification", LABELS.get(classification, classification)),
             ("Previously", LABELS.get(event.get("previousClassification"), event.get("previousClassification"))),
             ("Device", device.get("name")), ("Address", device.get("address")),
             ("Collector group", device.get("collectorGroup")), ("OS", device.get("os")),
             ("Event", event.get("id")), ("Time", event.get("time"))]
    sections = [{"activityTitle": title,
                 "activitySubtitle": "edr-playbook - %s" % (ctx.get("action") or {}).get("name"),
                 "facts": [{"name": name, "value": text(value)} for name, value in facts if value],
                 "markdown": False}]
    details = event.get("details") or {}
    if details:
        sections.append({"title": "Details", "markdown": False,
                         "facts": [{"name": key, "value": text(value)} for key, value in sorted(details.items())]})
    card = {"@type": "MessageCard", "@context": "http://schema.org/extensions",
            "summary": title, "themeColor": COLORS.get(classification, "8A8886"), "sections": sections}
    post(ctx, card)
    return {"message": "Teams: posted %s event %s" % (LABELS.get(classification, classification), event.get("id"))}


def test(ctx):
    card = {"@type": "MessageCard", "@context": "http://schema.org/extensions",
            "summary": "edr-playbook connector test", "themeColor": "8A8886",
            "sections": [{"activityTitle": "edr-playbook connector test",
                          "text": "Connector '%s' can post to this channel." % ctx["connector"].get("name")}]}
    post(ctx, card)
    return {"message": "Teams: test card accepted by %s" % webhook_path(ctx)}


def webhook_path(ctx):
    path = (ctx.get("params") or {}).get("webhookPath", "/teams/webhook")
    return path if path.startswith("/") else "/" + path


def post(ctx, card):
    auth = ctx["connector"].get("auth") or {}
    if auth.get("type") != "apiKey":
        raise ConnectorError("%s: connector '%s' needs an API key, it has %s authentication"
                             % (SERVICE, ctx["connector"].get("name"), auth.get("type")))
    http(ctx, "POST", webhook_path(ctx), card, {"Authorization": "Bearer " + auth["apiKey"]})


def text(value):
    if isinstance(value, (TEXT, str)):
        return value
    return json.dumps(value, sort_keys=True, allow_nan=False)


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
