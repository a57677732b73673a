"""My first action script: POST the event to a webhook (any HTTP service that takes JSON).

Connector: CUSTOM, host and port of the webhook service, an API key sent as a Bearer token.
Params: "path" (default "/hooks/edr"), "scheme" (default "https").
Valid on Python 2.7, Python 3 and Jython 2.7; standard library only.
"""
import json

try:  # Python 3
    from urllib.request import Request, urlopen
    from urllib.error import HTTPError
except ImportError:  # Python 2.7 and Jython 2.7
    from urllib2 import Request, urlopen, HTTPError


class WebhookDown(Exception):
    """The webhook is failing (5xx): a retry may help."""
    transient = True


def run(ctx):
    event = ctx["event"]
    body = {"text": "%s event %s on %s" % (event["classification"], event["id"], event["device"]["name"]),
            "event": event}
    post(ctx, body)
    return {"message": "webhook told of %s" % event["id"]}


def test(ctx):
    post(ctx, {"text": "edr-playbook test"})
    return {"message": "webhook reachable, key accepted"}


def post(ctx, body):
    connector, params = ctx["connector"], ctx["params"]
    url = "%s://%s:%d%s" % (params.get("scheme", "https"), connector["host"], connector["port"],
                            params.get("path", "/hooks/edr"))
    request = Request(url, json.dumps(body).encode("utf-8"),
                      {"Content-Type": "application/json",
                       "Authorization": "Bearer " + connector["auth"]["apiKey"]})
    try:
        urlopen(request, timeout=10).read()
    except HTTPError as e:
        if e.code >= 500:
            raise WebhookDown("webhook answered HTTP %d" % e.code)
        raise ValueError("webhook refused the call: HTTP %d" % e.code)
