"""`aznews eval` (placeholder until its issue lands)."""
from pipelines.errors import UserError

HELP = "(not implemented yet)"


def configure(parser):
    pass


def run(args):
    raise UserError("'eval' is not implemented yet", status=1)
