from __future__ import print_function

# Module-level output belongs to the run that executed the module.
print("module level")


def run(ctx):
    print("in run " + ctx["tag"])
    return {}
