"""A small client of the threat-intelligence platform's REST API (standard library only, Python 2.7,
Python 3 and Jython 2.7).

HTTP errors are raised the usual way: ``urlopen`` raises ``HTTPError`` (``urllib2`` on 2.7,
``urllib.error`` on 3) for a 4xx or 5xx answer, and ``URLError`` when the host cannot be reached.
The client does not catch them: the engine recognises a 429, a 5xx and an unreachable host as
transient failures, so an action with a retry policy is tried again.
"""
import json

try:  # Python 3
    from urllib.request import Request, urlopen
except ImportError:  # Python 2.7 and Jython 2.7
    from urllib2 import Request, urlopen

try:
    TEXT = unicode  # Python 2.7 and Jython: configuration strings are unicode
except NameError:
    TEXT = str


def native(value):
    """Python 2's httplib wants byte strings in the URL and headers."""
    if str is not TEXT and isinstance(value, TEXT):
        return value.encode("utf-8")
    return value


class BlocklistClient(object):
    """``base_url`` (``https://ti.example:443``), ``api_key`` and ``timeout`` (seconds) from the pack's config."""

    def __init__(self, config):
        self.base_url = config["base_url"].rstrip("/")
        self.api_key = config["api_key"]
        self.timeout = float(config.get("timeout", 10))

    def add_entry(self, value, kind, comment, reference, expires_in_days=None):
        """Adds ``value`` to the shared blocklist; returns the platform's entry (a dict)."""
        body = {"value": value, "type": kind, "comment": comment, "reference": reference}
        if expires_in_days is not None:
            body["expiresInDays"] = int(expires_in_days)
        return self._call("POST", "/api/v2/blocklist", body)

    def _call(self, method, path, body=None):
        headers = {"Accept": "application/json", "Authorization": native("Token " + self.api_key)}
        data = None
        if body is not None:
            data = json.dumps(body, allow_nan=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = Request(native(self.base_url + path), data=data, headers=headers)
        request.get_method = lambda: method
        response = urlopen(request, timeout=self.timeout)  # raises HTTPError on 4xx and 5xx
        try:
            raw = response.read()
        finally:
            response.close()
        return json.loads(raw.decode("utf-8")) if raw else {}
