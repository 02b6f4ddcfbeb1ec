"""Importing tickets, and the rest of a desk's export, from CSV, JSON and JSON Lines.

One idea a module: :mod:`.sources` reads a file into rows, :mod:`.columns` works out which
column gives which field (:mod:`.meanings` reads a header by its meaning), :mod:`.checks`
checks a row and :mod:`.checked_rows` every row (a long file's on two cores), :mod:`.document`
reads the rest of an export, :mod:`.service` plans and writes the import
(:class:`~.service.ImportService`), :mod:`.renumbering` and :mod:`.network` point an export's
numbers at this desk's. :mod:`.record_columns` is what the imports of grant calls and partners
share, and :mod:`.two_processes` shares a long file's reading and checking with a forked
child. Import from the modules themselves: this package imports nothing, so reading a file
does not load the whole import.
"""
