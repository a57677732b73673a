# The 'alpha' pack's own helper; another pack has a 'lib.helper' of the same name.
PACK = 'alpha'


def greet():
    return 'hello from alpha'
