"""Block Address, threat-intelligence flavour: adds the device's address to the shared blocklist of
a threat-intelligence platform, which every subscribed firewall and proxy then enforces.

Ported from a StackStorm pack action, the way a user ports one: the action class and the pack's
``lib`` package (``lib/action.py``, ``lib/client.py``) are unchanged; the port added only the
``run(ctx)`` function at the bottom, which builds the pack's configuration and the action's
parameters from ``ctx`` (and ``undo(ctx)``, which removes the entry ``run`` added). Like most framework actions it has no ``test(ctx)``: the Test button
then checks that the connector's host and port answer and does not call ``run`` (the default).

Connector: CUSTOM; host and port of the platform's REST API; authentication: an API key, sent as
"Authorization: Token <key>". Calls: POST /api/v2/blocklist; POST /api/v2/blocklist/remove to undo.
Params: "expiresInDays" (none unless set), "scheme" ("https" unless set; the demo sets "http"),
"timeout" (seconds, 10 unless set).

Valid on Python 2.7, Python 3 and Jython 2.7; standard library only.
"""
from lib.action import BaseAction
from lib.client import BlocklistClient


class BlockIndicator(BaseAction):
    """Adds an IP address to the platform's blocklist; an address already listed is not added twice."""

    def run(self, address, reference, comment=None, expires_in_days=None):
        client = BlocklistClient(self.config)
        entry = client.add_entry(address, "ip-dst", comment or "blocked by a playbook", reference,
                                 expires_in_days)
        verb = "added to" if entry.get("created", True) else "was already on"
        return {"message": "Blocklist: %s %s the blocklist (entry %s)" % (address, verb, entry.get("id")),
                "entryId": entry.get("id"), "created": entry.get("created", True)}


def config_of(ctx):
    """The pack's config from the connector."""
    connector, params = ctx["connector"], ctx.get("params") or {}
    auth = connector.get("auth") or {}
    if auth.get("type") != "apiKey":
        raise ValueError("Blocklist: connector '%s' needs an API key, it has %s authentication"
                         % (connector.get("name"), auth.get("type")))
    return {"base_url": "%s://%s:%s" % (params.get("scheme", "https"), connector["host"], connector["port"]),
            "api_key": auth["apiKey"], "timeout": params.get("timeout", 10)}


def run(ctx):
    """The port: the pack's config from the connector, the action's parameters from the event."""
    params, event = ctx.get("params") or {}, ctx["event"]
    config = config_of(ctx)
    address = (event.get("device") or {}).get("address")
    if not address:
        raise ValueError("Blocklist: event %s has no device address to block" % event.get("id"))
    return BlockIndicator(config).run(
        address=address, reference=event.get("id"), expires_in_days=params.get("expiresInDays"),
        comment="edr-playbook: %s event %s on %s" % (event.get("classification"), event.get("id"),
                                                       (event.get("device") or {}).get("name")))


def undo(ctx):
    """Removes the entry run added; an entry that was already listed before is left alone."""
    original = (ctx.get("original") or {}).get("result") or {}
    address = (ctx["event"].get("device") or {}).get("address")
    if not original.get("created", True):
        return {"message": "Blocklist: nothing to undo, %s was on the blocklist before" % address}
    BlocklistClient(config_of(ctx))._call("POST", "/api/v2/blocklist/remove",
                                          {"id": original.get("entryId"), "value": address})
    return {"message": "Blocklist: %s removed from the blocklist (entry %s)" % (address, original.get("entryId"))}
