"""The engine's public surface is reviewed: adding or removing a name is a deliberate change."""

from __future__ import annotations

import engine


def test_public_names_are_pinned():
    assert sorted(engine.__all__) == [
        "Analysis", "ApiChoice", "DoesNotFitError", "EngineError", "EngineeringHours",
        "FineTunedModel", "ManagedOption", "Project", "QualityFit", "Range", "Scenario",
        "TrainingPlan", "UnknownGpuError", "UnknownModelError", "Workload", "analyse",
        "describe_validation_error", "figures",
    ]
    for name in engine.__all__:
        assert getattr(engine, name) is not None


def test_the_rounding_rule_is_public_as_one_module():
    # The engine's sentences and every surface show figures by it: one copy of the rule.
    assert engine.figures.usd(1483.2) == "$1,483.20"
    assert set(engine.figures.__all__) >= {"usd", "unit_usd", "tokens", "quantity", "percent",
                                            "months", "signed_usd", "count", "in_unit"}


def test_engine_errors_are_value_errors():
    for error in (engine.EngineError, engine.UnknownGpuError, engine.UnknownModelError,
                  engine.DoesNotFitError):
        assert issubclass(error, ValueError)
