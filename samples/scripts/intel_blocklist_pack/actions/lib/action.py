"""The base class of the pack's actions, in the shape of StackStorm's ``st2common.runners.base_action.Action``:
the pack's configuration in ``self.config``, one ``run(**parameters)`` per action."""


class BaseAction(object):

    def __init__(self, config):
        self.config = config or {}

    def run(self, **parameters):
        raise NotImplementedError("%s does not implement run()" % type(self).__name__)
