"""The national rules of Vietnam, as the first plugins of every :class:`~tthc.rules.Rules`.

Each module here implements some ``tthc_*`` hooks, exactly as a province plugin
would; a reader who understands these modules understands how to write a province
plugin. The order of registration is :data:`tthc.rules.NATIONAL_PLUGINS`.

- :mod:`tthc.national.validation`: the TT rules checked by ``tthc validate``.
- :mod:`tthc.national.calendar`: statutory holidays (``holidays``), official swaps and the
  national working hours.
- :mod:`tthc.national.sla`: counting policy, receipt, deadline.
- :mod:`tthc.national.targets`: reduction targets of Resolution 66/NQ-CP.
- :mod:`tthc.national.forms`: wording of Forms 01 and 04 of Circular 03/2025/TT-VPCP.
"""
