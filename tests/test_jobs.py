"""Entry points that run without a user: CI workflow jobs, cron schedules, Celery tasks."""

from __future__ import annotations

from mapper.app import MapConfig, build_analysis


def test_ci_jobs_schedules_and_celery_tasks_are_entry_points(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "nightly.yml").write_text(
        "name: nightly\non:\n  schedule:\n    - cron: '0 3 * * 1-5'  # weekdays\n"
        "jobs:\n  build:\n    runs-on: ubuntu-latest\n  publish-docs:\n    needs: build\n"
        "permissions:\n  contents: read\n"
    )
    (tmp_path / "tasks.py").write_text(
        "from celery import Celery, shared_task\n\napp = Celery('x')\n\n"
        "@app.task\ndef send_mail(to):\n    pass\n\n@shared_task(bind=True)\ndef cleanup(self):\n    pass\n"
    )
    # Without a Celery import, a `.task` decorator is something else.
    (tmp_path / "other.py").write_text("@runner.task\ndef step():\n    pass\n")
    entries = {(e.kind, e.name, e.target, e.evidence.path, e.evidence.line)
               for e in build_analysis(tmp_path, MapConfig()).analysis.entry_points}
    assert {e for e in entries if e[0] != "entry.worker"} == {
        ("entry.scheduled", "nightly", "cron 0 3 * * 1-5", ".github/workflows/nightly.yml", 4),
        ("entry.ci_job", "build", "nightly workflow", ".github/workflows/nightly.yml", 6),
        ("entry.ci_job", "publish-docs", "nightly workflow", ".github/workflows/nightly.yml", 8),
        ("entry.celery_task", "send_mail", "tasks.py:send_mail", "tasks.py", 5),
        ("entry.celery_task", "cleanup", "tasks.py:cleanup", "tasks.py", 9),
    }
