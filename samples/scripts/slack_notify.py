"""IM Notification, Slack flavour: posts the event to a channel (chat.postMessage).

Connector: CUSTOM; host and port of the Slack Web API (or of a relay in front of it);
authentication: an API key, the bot token, sent as "Authorization: Bearer <token>".
Params: "channel" (required, e.g. "#soc"), "scheme" ("https" unless set; the demo sets "http"),
"timeout" (seconds, 10 unless set).

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

LABELS = {"MALICIOUS": "Malicious", "SUSPICIOUS": "Suspicious", "PUP": "PUP",
          "INCONCLUSIVE": "Inconclusive", "LIKELY_SAFE": "Likely Safe"}
EMOJI = {"MALICIOUS": ":red_circle:", "SUSPICIOUS": ":large_orange_circle:",
         "PUP": ":large_yellow_circle:", "INCONCLUSIVE": ":white_circle:",
         "LIKELY_SAFE": ":large_green_circle:"}


SERVICE = "Slack"


class ConnectorError(Exception):
    """The third party refused the call; trying again will not help."""
    transient = False


class ConnectorUnavailable(ConnectorError):
    """The third party is rate limiting (429), failing (5xx) or unreachable: the engine may retry."""
    transient = True


def run(ctx):
    channel = (ctx.get("params") or {}).get("channel")
    if not channel:
        raise ConnectorError("Slack: the binding has no \"channel\" param (e.g. \"#soc\")")
    event = ctx["event"]
    body = {"channel": channel, "text": summary(ctx), "blocks": blocks(ctx)}
    answer = call(ctx, "/api/chat.postMessage", body)
    return {"message": "Slack: posted %s event %s to %s" % (label(event), event.get("id"), channel),
            "channel": answer.get("channel", channel), "ts": answer.get("ts")}


def test(ctx):
    answer = call(ctx, "/api/auth.test", {})
    return {"message": "Slack: token accepted (team %s, user %s)"
            % (answer.get("team"), answer.get("user"))}


def label(event):
    classification = event.get("classification")
    return LABELS.get(classification, classification)


def summary(ctx):
    event = ctx["event"]
    device = event.get("device") or {}
    text = "%s event on %s (%s)" % (label(event), device.get("name"), device.get("address") or "no address")
    rule = (event.get("details") or {}).get("rule")
    if rule:
        text += ": %s" % rule
    return ("[Test] " + text) if ctx.get("test") else text


def blocks(ctx):
    event = ctx["event"]
    device = event.get("device") or {}
    heading = "%s %s" % (EMOJI.get(event.get("classification"), ":grey_question:"), summary(ctx))
    facts = [("Classification", label(event)), ("Device", device.get("name")),
             ("Address", device.get("address")), ("Collector group", device.get("collectorGroup")),
             ("OS", device.get("os")), ("Event", event.get("id"))]
    if event.get("previousClassification"):
        facts.append(("Previously", LABELS.get(event["previousClassification"], event["previousClassification"])))
    result = [
        {"type": "header", "text": {"type": "plain_text", "text": heading[:150], "emoji": True}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*%s*\n%s" % (name, escape(value))}
                                       for name, value in facts if value]},
    ]
    details = event.get("details") or {}
    if details:
        lines = ["- *%s*: %s" % (escape(key), escape(value)) for key, value in sorted(details.items())]
        result.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:2900]}})
    result.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "edr-playbook - %s - %s"
                   % (escape((ctx.get("action") or {}).get("name")), escape(event.get("time")))}]})
    return result


def escape(value):
    """Slack mrkdwn needs &, < and > escaped; non-strings are shown as JSON."""
    if not isinstance(value, (TEXT, str)):
        value = json.dumps(value, sort_keys=True, allow_nan=False)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def call(ctx, path, body):
    """POSTs body with the bot token; returns Slack's answer, raises when Slack says no."""
    auth = ctx["connector"].get("auth") or {}
    if auth.get("type") != "apiKey":
        raise ConnectorError("%s: connector '%s' needs an API key (the bot token), it has %s authentication"
                             % (SERVICE, ctx["connector"].get("name"), auth.get("type")))
    status, answer = http(ctx, "POST", path, body, {"Authorization": "Bearer " + auth["apiKey"]})
    if not isinstance(answer, dict) or not answer.get("ok"):
        # Slack answers HTTP 200 with {"ok": false, "error": "..."} for most refusals
        raise ConnectorError("%s: POST %s was refused: %s" % (SERVICE, path, reason(answer)))
    return answer


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
