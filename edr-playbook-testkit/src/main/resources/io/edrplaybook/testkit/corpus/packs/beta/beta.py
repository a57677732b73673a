# A pack action in the StackStorm style: its helpers are in the package 'lib' beside it.
from lib import helper


def run(ctx):
    return {'pack': helper.PACK, 'greeting': helper.greet()}
