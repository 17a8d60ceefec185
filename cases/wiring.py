"""Where the subjects meet the task engine, once the app has loaded: each subject's kinds
of case (their flows, steps and rules) are registered with `workflows.registry`, and the
register says which compacts a user has a part in. The engine below knows no kind of
case; the subjects know nothing of each other."""

from workflows import registry


def _dispute_step_read(user, task, case) -> None:
    from cases.disputes.models import Dispute, Remedy
    from cases.register.models import AccessEvent
    from cases.register.services import access_record

    dispute = case if isinstance(case, Dispute) else getattr(case, "dispute", None)
    if isinstance(case, Remedy | Dispute) and dispute is not None:
        access_record(
            user=user,
            compact_id=dispute.compact_id,
            kind=AccessEvent.Kind.DISPUTE,
            reference=dispute.reference,
            what=_step_title(task),
        )


def _step_title(task) -> str:
    from cases.common.formats import in_english

    with in_english():  # kept in the log in English
        return f"Step: {task.flow_task.task_title}"


def connect() -> None:
    from cases.commissioning import holds as commissioning_holds
    from cases.commissioning import selectors as commissioning_selectors
    from cases.commissioning import steps as commissioning_steps
    from cases.disputes import signals as dispute_signals
    from cases.disputes import sources as dispute_sources
    from cases.disputes import steps as dispute_steps
    from cases.register import signals as register_signals
    from cases.register.selectors import compacts_of, mail_languages

    registry.register(dispute_steps.KIND)
    registry.register(dispute_steps.REMEDY_KIND)
    registry.register(commissioning_steps.EXERCISE)
    registry.register(commissioning_steps.DEPARTURE)
    from cases.year import steps as year_steps

    registry.register(year_steps.ACTION)
    registry.register(year_steps.IMPACT)
    registry.register(year_steps.REVIEW)
    registry.set_compacts(compacts_of)
    # A Welsh compact's e-mails are written in Welsh and English (workflows.notifications).
    registry.set_mail_languages(mail_languages)
    # What a signed-in page's header shows is kept per user until one of these changes it.
    register_signals.connect()
    dispute_signals.connect()
    # A departure from the Compact can be disputed in one step, the form filled in from it.
    dispute_sources.register("departure", commissioning_selectors.departure_for_dispute)
    # An award can be challenged in its standstill, as a dispute that holds the contract
    # (the service cannot start) while it is open.
    dispute_sources.register("award", commissioning_selectors.award_for_dispute)
    commissioning_holds.register(_award_challenges)
    # Evidence of a raise abandoned half-way is removed once no session can submit it.
    from cases.disputes.services import expire_drafts, remove_abandoned_uploads

    registry.housekeeping(remove_abandoned_uploads)
    # Drafts of disputes unsaved for 30 days go, their authors reminded a week before.
    registry.housekeeping(expire_drafts)
    # Followers of opportunities and consultations are told when one closes.
    from cases.commissioning.services.alerts import alert_closings

    registry.housekeeping(alert_closings)
    # An action of a compact's plan that is due soon goes into its lead's inbox.
    from cases.year.services import actions_open_due

    registry.housekeeping(actions_open_due)
    # Once a day, what the retention schedule says is due is disposed of.
    from cases.privacy.services import daily_retention

    registry.housekeeping(daily_retention)
    # A step's page shows its dispute: who read it is logged, as on the dispute's page.
    registry.set_case_read(_dispute_step_read)
    # The compact's page shows the year's headline measures.
    from cases.register import panels
    from cases.year.report import headline_panel

    panels.register(headline_panel)


def _award_challenges(exercise) -> list[str]:
    """The open disputes raised from this exercise's award (its challenges)."""
    from cases.disputes.selectors import open_from_source

    return open_from_source("award", exercise.pk)
