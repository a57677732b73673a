# Replaces a standard-library module in sys.modules with one of its own (sys.modules keeps its
# size); a later run must import the real one.
import sys
import types


def run(ctx):
    import json
    fake = types.ModuleType('json')
    fake.OWNER = 'replace_module.py'
    sys.modules['json'] = fake
    return {'replaced': True}
