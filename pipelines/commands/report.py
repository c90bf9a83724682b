"""`aznews report` (placeholder until its issue lands)."""
from pipelines.errors import UserError

HELP = "(not implemented yet)"


def configure(parser):
    pass


def run(args):
    raise UserError("'report' is not implemented yet", status=1)
