# -*- coding: utf-8 -*-
from __future__ import print_function

import sys

# Non-ASCII text in ctx, in the source (with a PEP 263 coding line), in output and in the result.
GREETING = u"Grüße, café, 東京"


def run(ctx):
    print(ctx["text"])
    print(GREETING, file=sys.stderr)
    return {"echo": ctx["text"], "greeting": GREETING, "joined": ctx["text"] + u" / " + GREETING}
