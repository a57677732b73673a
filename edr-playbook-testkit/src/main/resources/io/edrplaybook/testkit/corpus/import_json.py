# Imports json: it must be the standard library's, whatever an earlier run put in its place.
def run(ctx):
    import json
    return {'owner': getattr(json, 'OWNER', None), 'dumps': json.dumps([1])}
