"""Deadlines by the array (tính hạn hàng loạt): the national counting rules over numpy arrays.

:mod:`tthc.batch.tables` holds the working calendar as arrays, :mod:`tthc.batch.engine`
the vectorised counting rules. Both need numpy (``pip install 'tthc[batch]'``).
"""
