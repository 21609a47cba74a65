"""The demo invoicing (``post_init_hook``): last month of the demo
conventions invoiced, one invoice posted and credited, the others posted."""


def generate(env):
    return env["account.move"]
