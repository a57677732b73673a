"""The pack's helper package. StackStorm packs call it ``lib`` and import it from their actions
folder (``from lib.client import ...``); every pack has its own, and the runners keep them apart."""
