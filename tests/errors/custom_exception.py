# Uncaught user-defined exception: the last line shows the class name.
class ConfigError(Exception):
    pass
def load(name):
    raise ConfigError('cannot load ' + name)
print('loading')
load('settings.ini')
