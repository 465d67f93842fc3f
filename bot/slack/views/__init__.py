"""Block Kit views: pure functions from an analysis or a page of scenarios to
``slack_sdk.models`` objects, one module per surface, each held to Block Kit's limits.

=====================  ======================================================================
surface                functions
=====================  ======================================================================
result card            :func:`result_card` (``Parent`` for a fork's delta line)
details (thread)       :func:`details_messages`
comparison             :func:`comparison`, :func:`comparison_table`, :func:`comparison_fields`
list (ephemeral)       :func:`scenario_list` with a :class:`ListQuery`
help                   :func:`help_blocks`
prices                 :func:`prices_blocks`, :func:`gpu_prices_blocks`,
                       :func:`model_prices_blocks`
App Home               :func:`home_view`
modals                 :func:`whatif_modal`, :func:`edit_modal`, :func:`compare_modal`,
                       :func:`scenario_options`, :func:`confirm_delete`
errors                 :func:`error_blocks`
intake (thread)        :func:`intake_step`, :func:`edit_step_modal`, :func:`confirm_cancel`
=====================  ======================================================================

Messages come back as :class:`Message` (``text`` for notifications, ``blocks``); modals and
the Home tab as ``slack_sdk.models.views.View``. :func:`check_blocks` checks any of them.
"""

from bot.slack.views.card import Parent, delta_line, result_card
from bot.slack.views.checks import check_blocks
from bot.slack.views.compare_modal import compare_modal, scenario_options
from bot.slack.views.comparison import comparison, comparison_fields, comparison_table
from bot.slack.views.confirm import confirm_cancel, confirm_delete
from bot.slack.views.details import details_messages
from bot.slack.views.errors import error_blocks
from bot.slack.views.help import help_blocks
from bot.slack.views.home import home_view
from bot.slack.views.intake import edit_step_modal, intake_step
from bot.slack.views.kit import Message
from bot.slack.views.listing import ListQuery, scenario_list
from bot.slack.views.prices import gpu_prices_blocks, model_prices_blocks, prices_blocks
from bot.slack.views.scenario_modal import edit_modal, whatif_modal

__all__ = [
    "ListQuery",
    "Message",
    "Parent",
    "check_blocks",
    "compare_modal",
    "comparison",
    "comparison_fields",
    "comparison_table",
    "confirm_cancel",
    "confirm_delete",
    "delta_line",
    "details_messages",
    "edit_modal",
    "edit_step_modal",
    "error_blocks",
    "gpu_prices_blocks",
    "help_blocks",
    "home_view",
    "intake_step",
    "model_prices_blocks",
    "prices_blocks",
    "result_card",
    "scenario_list",
    "scenario_options",
    "whatif_modal",
]
