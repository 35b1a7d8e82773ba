"""The rule registry: every rule, in catalog order, keyed by code.  Adding a rule means adding its module
here and nowhere else."""

from __future__ import annotations

from . import (
    con001_fatal_in_goroutine,
    con002_unjoined_goroutine,
    con003_unguarded_stress,
    con004_loopvar_capture,
    con005_defer_before_parallel,
    con006_parallel_process_state,
    con007_missing_parallel,
    ctr001_error_string_compare,
    ctr002_mock_only,
    det001_sleep_in_test,
    det002_wall_clock,
    det003_poll_until,
    det004_global_rand,
    det005_sleep_sync,
    env001_sqlite_standin,
    env002_in_memory_fake,
    env003_untagged_integration,
    env004_container_per_test,
    hab001_defer_cleanup,
    hab002_error_on_setup,
    hab003_missing_helper,
    hab004_os_setenv,
    hab005_manual_tempdir,
    hab006_background_context,
    hab007_print_in_test,
    hab008_golden_candidate,
    hab009_table_candidate,
    hab010_no_assertion,
    hab011_skip_without_reason,
    hab012_redundant_loop_copy,
    hab013_deferred_cleanup,
    hab014_defer_in_testmain,
)
from .base import Rule

ALL: tuple[Rule, ...] = (
    det001_sleep_in_test.check,
    det002_wall_clock.check,
    det003_poll_until.check,
    det004_global_rand.check,
    det005_sleep_sync.check,
    con001_fatal_in_goroutine.check,
    con002_unjoined_goroutine.check,
    con003_unguarded_stress.check,
    con004_loopvar_capture.check,
    con005_defer_before_parallel.check,
    con006_parallel_process_state.check,
    con007_missing_parallel.check,
    ctr001_error_string_compare.check,
    ctr002_mock_only.check,
    env001_sqlite_standin.check,
    env002_in_memory_fake.check,
    env003_untagged_integration.check,
    env004_container_per_test.check,
    hab001_defer_cleanup.check,
    hab002_error_on_setup.check,
    hab003_missing_helper.check,
    hab004_os_setenv.check,
    hab005_manual_tempdir.check,
    hab006_background_context.check,
    hab007_print_in_test.check,
    hab008_golden_candidate.check,
    hab009_table_candidate.check,
    hab010_no_assertion.check,
    hab011_skip_without_reason.check,
    hab012_redundant_loop_copy.check,
    hab013_deferred_cleanup.check,
    hab014_defer_in_testmain.check,
)

BY_CODE: dict[str, Rule] = {r.code: r for r in ALL}
CATEGORIES = ("DET", "CON", "CTR", "ENV", "HAB")

__all__ = ["ALL", "BY_CODE", "CATEGORIES", "Rule"]
