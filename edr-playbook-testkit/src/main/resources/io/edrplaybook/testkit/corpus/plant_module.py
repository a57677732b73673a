# Puts a module of its own into sys.modules; a later run must not be able to import it.
import sys
import types


def run(ctx):
    planted = types.ModuleType('edr_kit_planted')
    planted.OWNER = 'plant_module.py'
    sys.modules['edr_kit_planted'] = planted
    return {'planted': True}
