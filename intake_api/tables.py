"""Every module that defines tables, imported by name, so ``sargas.db.Base.metadata`` holds the whole
schema: Alembic's ``env.py`` (autogenerate, migrations) and the schema tests import this module.
A new table module is added here; a missing one is an ImportError, never silently skipped.
"""

from __future__ import annotations

import forms.models
import intake_api.connectors.models
import intake_api.mail.models
import intake_api.models
import retention.audit
import retention.certificates
import retention.holds
import retention.policies
import sargas.models
import sargas.outbox

TABLE_MODULES = (sargas.models, sargas.outbox, retention.audit, retention.holds, retention.certificates,
                 retention.policies, forms.models, intake_api.models,
                 intake_api.mail.models, intake_api.connectors.models)
