"""SubmitCase against PostgreSQL (the handler and writer production runs): submissions that
arrive together are filed in one transaction (group commit), each keeps its own outcome, and
nothing is lost."""

from __future__ import annotations

import asyncio

import pytest

from onewindow_cases.adapters.case_writer import PostgresCaseWriter
from onewindow_cases.bootstrap import make_outbox
from onewindow_cases.service_layer.applicants import Application
from onewindow_cases.service_layer.submission import submit_case
from onewindow_cases.testing import SAMPLE_FORMS, citizen

pytestmark = pytest.mark.integration


def application(key: str) -> Application:
    return Application(
        client_key=key, code="social-security-card", catalogue_version=0,
        form=dict(SAMPLE_FORMS["social-security-card"]),
        document_ids=["P-1-household_register"],
    )  # fmt: skip


def _submit_all(deps, documents, engine, keys, *, same_number: bool = False):
    """Submit ``keys`` at once. The writer starts only once every submission waits for it, so
    the batches are decided by the test, not by the scheduler."""

    async def run():
        url = engine.url.render_as_string(hide_password=False)
        writer = deps.writer = PostgresCaseWriter(url, make_outbox())
        batches: list[int] = []
        write, write_waiting = writer._write, writer._write_waiting
        everyone_waits = asyncio.Event()

        async def counting_write(rows):
            batches.append(len(rows))
            return await write(rows)

        async def held_write_waiting():
            await everyone_waits.wait()
            await write_waiting()

        writer._write = counting_write  # type: ignore[method-assign]
        writer._write_waiting = held_write_waiting  # type: ignore[method-assign]
        if same_number:  # two cases with one number: the database refuses the second

            async def fixed_number(department: str, year: int) -> int:
                return 424242

            writer.next_number = fixed_number  # type: ignore[method-assign]

        async def release_when_all_wait() -> None:
            while writer.queued() < len(keys):
                await asyncio.sleep(0)  # a yield, not a timing: every submission gets a turn
            everyone_waits.set()

        releaser = asyncio.create_task(release_when_all_wait())
        try:
            outcomes = await asyncio.gather(
                *(submit_case(deps, citizen("P-1"), application(k)) for k in keys),
                return_exceptions=True,
            )
        finally:
            releaser.cancel()
            await writer.close()
        return outcomes, batches

    return asyncio.run(run())


def test_submissions_arriving_together_are_filed_together(deps, documents, engine, rows, outbox):
    keys = [f"group-{i}" for i in range(12)]
    outcomes, batches = _submit_all(deps, documents, engine, keys)
    assert all(not isinstance(o, BaseException) for o in outcomes), outcomes
    assert len({o.case.case_number for o in outcomes}) == 12
    assert rows("cases") == 12 and rows("idempotency_keys") == 12 and rows("case_history") == 12
    assert outbox.names() == ["case_submitted"] * 12
    assert batches == [12]  # all twelve arrived before the write: one transaction


def test_one_key_twice_in_a_batch_files_one_case_and_replays_the_other(
    deps, documents, engine, rows
):
    outcomes, _ = _submit_all(deps, documents, engine, ["twice", "twice", "other"])
    assert all(not isinstance(o, BaseException) for o in outcomes), outcomes
    first, second, other = outcomes
    assert first.case.id == second.case.id and [first.replayed, second.replayed].count(True) == 1
    assert not other.replayed
    assert rows("cases") == 2


def test_a_row_the_database_refuses_fails_only_its_own_caller(deps, documents, engine, rows):
    outcomes, batches = _submit_all(deps, documents, engine, ["n-1", "n-2"], same_number=True)
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    filed = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(failed) == 1 and len(filed) == 1
    assert "case_number" in str(failed[0])
    assert rows("cases") == 1 and rows("idempotency_keys") == 1
    assert batches == [2, 1, 1]  # the batch failed, then row by row


def test_processes_creating_a_new_sequence_at_once_all_get_distinct_numbers(engine):
    import uuid

    department = f"new-{uuid.uuid4().hex[:8]}"  # a sequence nobody has created yet

    async def run():
        url = engine.url.render_as_string(hide_password=False)
        writers = [PostgresCaseWriter(url, make_outbox(), block=5) for _ in range(6)]
        try:
            return await asyncio.gather(*(w.next_number(department, 2027) for w in writers))
        finally:
            for w in writers:
                await w.close()

    numbers = asyncio.run(run())
    assert sorted(numbers) == sorted(set(numbers)) and len(numbers) == 6
