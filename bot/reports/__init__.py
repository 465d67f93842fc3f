"""Presentation shared by the terminal and the Slack app: the one rounding rule
(:mod:`~bot.reports.format`), the result card's content (:mod:`~bot.reports.card`) and the
plain-text report (:mod:`~bot.reports.text`). Nothing here imports Slack."""
