# Tries to import the module plant_module.py put into sys.modules in an earlier run.
def run(ctx):
    try:
        import edr_kit_planted
        return {'found': True, 'owner': edr_kit_planted.OWNER}
    except ImportError:
        return {'found': False}
