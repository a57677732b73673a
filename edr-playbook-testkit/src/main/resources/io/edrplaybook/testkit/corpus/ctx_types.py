# Reports what Python types ctx values arrived as, and computes with them.
try:
    text_type = unicode  # Python 2.7 and Jython
except NameError:
    text_type = str
try:
    int_types = (int, long)
except NameError:
    int_types = (int,)


def is_int(v):
    return isinstance(v, int_types) and not isinstance(v, bool)


def run(ctx):
    nested = ctx["nested"]
    return {
        "text": isinstance(ctx["text"], text_type),
        "key_text": all(isinstance(k, text_type) for k in ctx.keys()),
        "small": is_int(ctx["small"]),
        "long": is_int(ctx["long"]),
        "big": is_int(ctx["big"]),
        "float": isinstance(ctx["float"], float),
        "yes": ctx["yes"] is True,
        "no": ctx["no"] is False,
        "nothing": ctx["nothing"] is None,
        "dict": isinstance(nested, dict),
        "list": isinstance(nested["list"], list),
        "big_plus_one": ctx["big"] + 1,
        "long_plus_one": ctx["long"] + 1,
        "negative_big_times_two": -ctx["big"] * 2,
        "float_times_two": ctx["float"] * 2,
        "text_length": len(ctx["text"]),
    }
