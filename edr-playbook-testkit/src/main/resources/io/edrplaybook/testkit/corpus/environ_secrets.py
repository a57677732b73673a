# Which variables of the script's environment hold one of the strings ctx['needles'] maps a label
# to (the connector's secret, values of the host's variables): labels and names only, never values.
import os


def run(ctx):
    found = []
    for label, needle in sorted(ctx['needles'].items()):
        for name, value in sorted(os.environ.items()):
            if needle and needle in value:
                found.append(label + ' in ' + name)
    return {'found': found}
