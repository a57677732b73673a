# Changes its environment the way frameworks set proxies; none of it may reach a later run.
import os


def run(ctx):
    os.environ['HTTPS_PROXY'] = 'http://proxy.invalid:3128'
    os.environ['EDR_KIT_LEFT_BEHIND'] = 'yes'
    if 'PATH' in os.environ:
        del os.environ['PATH']
    return {'changed': True}
