"""A compact's own words in Welsh beside the English (django-modeltranslation), and the
history of compacts and commitments (django-simple-history).

django-modeltranslation adds `summary_en_gb`, `summary_cy`, ... when this module is
imported (MODELTRANSLATION_TRANSLATION_FILES), after the models are built. The history is
registered here, after them, so that each version keeps both languages: a history built
with the model would copy only `summary`, as read in the language of whoever made the
change. Reading `compact.summary` gives the words in the active language, or the English
where there is no Welsh yet (MODELTRANSLATION_FALLBACK_LANGUAGES); the services write each
language by its own name (`summary_cy`).
"""

import simple_history
from django.db import models
from modeltranslation.translator import TranslationOptions, register

from cases.register.models import Commitment, Compact


@register(Compact)
class CompactTranslation(TranslationOptions):
    fields = ("summary", "joint_body_name", "joint_body_terms")
    # The English is required where the field is; the Welsh may wait for a translator.
    required_languages = ()
    # Each language's field has the original's default: the Welsh name of a compact's joint
    # body waits for a translator instead of holding the English default.
    field_options = {"joint_body_name": {"cy": {"default": None}}}


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "text")
    required_languages = ()


simple_history.register(
    Compact,
    excluded_fields=["created_at", "updated_at"],
    history_change_reason_field=models.TextField(null=True),
)
simple_history.register(Commitment, history_change_reason_field=models.TextField(null=True))
