# The 'beta' pack's own helper; another pack has a 'lib.helper' of the same name.
PACK = 'beta'


def greet():
    return 'hello from beta'
