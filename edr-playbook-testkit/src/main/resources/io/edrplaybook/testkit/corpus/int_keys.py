# Integer dict keys become strings, as json.dumps does.
def run(ctx):
    return {1: u"one", "nested": {2: True, "three": [{4: None}]}}
