"""Presentation shared by the terminal and the Slack app: the result card's content
(:mod:`~bot.reports.card`) and the plain-text report (:mod:`~bot.reports.text`), every figure
by the one rounding rule (:mod:`engine.figures`). Nothing here imports Slack."""
