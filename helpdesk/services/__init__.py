"""The desk's use cases. Front ends call these and nothing below them.

Open a desk with :func:`helpdesk.services.factory.open_desk`; it returns a
:class:`~helpdesk.services.desk.Desk` whose attributes group the use cases.
"""
