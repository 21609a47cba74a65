def mask_cells(counts, threshold, row_totals):
    """The cells of a cross-tab to hide before its figures leave the service.

    Primary suppression: every cell, total or grand total counting from 1 to
    ``threshold - 1`` records. Secondary suppression: in each line of the
    table (a row with its row total, a column with its column total, the
    totals row and the totals column with the grand total), a single hidden
    entry could be recomputed from the others and the total; so while a line
    has exactly one hidden entry, the smallest other non-empty cell of that
    line is hidden too, or its total when it has no other non-empty cell.
    Repeated until no line has a single hidden entry.

    :param counts: list of rows, each a list of record counts (ints), all of
        the same length; totals are computed here
    :param threshold: counts below it (and above 0) are hidden
    :param row_totals: whether the table shows a total per row (several
        columns)
    :return: set of positions (row, column); row ``len(counts)`` is the totals
        row, column ``len(counts[0])`` the totals column
    """
    n_rows = len(counts)
    n_cols = len(counts[0]) if counts else 0
    value = {}
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            value[i, j] = count
            value[n_rows, j] = value.get((n_rows, j), 0) + count
        value[i, n_cols] = sum(row)
    value[n_rows, n_cols] = sum(value[n_rows, j] for j in range(n_cols))

    lines = [[(i, j) for i in range(n_rows)] + [(n_rows, j)] for j in range(n_cols)]
    if row_totals:
        lines += [[(i, j) for j in range(n_cols)] + [(i, n_cols)] for i in range(n_rows)]
        lines.append([(i, n_cols) for i in range(n_rows)] + [(n_rows, n_cols)])
        lines.append([(n_rows, j) for j in range(n_cols)] + [(n_rows, n_cols)])
    positions = lines and {pos for line in lines for pos in line} or {(n_rows, n_cols)}
    masked = {pos for pos in positions if 0 < value[pos] < threshold}

    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [pos for pos in line if pos in masked]
            if len(hidden) != 1:
                continue
            *cells, total = line
            candidates = [pos for pos in cells if pos not in masked and value[pos] > 0]
            if candidates:
                masked.add(min(candidates, key=lambda pos: (value[pos], pos)))
            elif total not in masked and value[total] > 0:
                masked.add(total)
            else:
                continue
            changed = True
    return masked


class ExportTable:
    """The cross-tab of an export: row labels (one per row aggregator),
    column labels (the last aggregator, when there are several), the
    records counted and the measure in each cell, the totals, and the
    masked positions: ``masked`` all of them, ``primary`` those hidden for
    counting too few records (the others are hidden so that these cannot
    be recomputed, whatever they count, and are marked apart).

    :param row_headers: labels of the row dimensions (list of str)
    :param column_header: label of the column dimension, or None
    :param row_labels: list of tuples of str (one per row)
    :param column_labels: list of str (one item when no column dimension:
        the measure's label)
    :param counts: rows × columns matrix of record counts
    :param values: rows × columns matrix of the measure (the counts again
        when counting records)
    """

    def __init__(self, row_headers, column_header, row_labels, column_labels, counts, values):
        self.row_headers = row_headers
        self.column_header = column_header
        self.row_labels = row_labels
        self.column_labels = column_labels
        self.counts = counts
        self.values = values
        self.row_totals = column_header is not None
        # without aggregators the table is its single total: no totals row
        self.has_rows = bool(row_headers and row_headers[0])
        self.masked = set()
        self.primary = set()

    @classmethod
    def from_groups(cls, groups, dimensions, measure_label, total_label):
        """Build the table from grouped rows.

        :param groups: iterable of tuples (raw value per dimension..., count,
            measure)
        :param dimensions: list of (header label, {raw value: (sort key,
            label)}), one per aggregator; the last one makes the columns when
            there are two or more
        """
        *row_dims, col_dim = dimensions if len(dimensions) > 1 else (*dimensions, None)
        cells = {}
        row_keys, col_keys = set(), set()
        for group in groups:
            *raw, count, measure = group
            row_key = tuple(raw[:len(row_dims)])
            col_key = raw[-1] if col_dim else None
            row_keys.add(row_key)
            col_keys.add(col_key)
            previous = cells.get((row_key, col_key), (0, 0))
            cells[row_key, col_key] = (previous[0] + count, previous[1] + (measure or 0))
        if not row_dims:
            row_keys = {()}
            col_keys = col_keys or {None}

        def row_sort(key):
            return tuple(dim[1][raw][0] for dim, raw in zip(row_dims, key, strict=True))

        rows = sorted(row_keys, key=row_sort)
        cols = sorted(col_keys, key=lambda raw: col_dim[1][raw][0]) if col_dim else [None]
        counts = [[cells.get((r, c), (0, 0))[0] for c in cols] for r in rows]
        values = [[cells.get((r, c), (0, 0))[1] for c in cols] for r in rows]
        row_labels = [tuple(dim[1][raw][1] for dim, raw in zip(row_dims, r, strict=True)) or (total_label,)
                      for r in rows]
        column_labels = [col_dim[1][c][1] for c in cols] if col_dim else [measure_label]
        return cls(
            [dim[0] for dim in row_dims] or [""], col_dim[0] if col_dim else None, row_labels, column_labels,
            counts, values,
        )

    def mask(self, threshold):
        """Hide the small cells and what would let them be recomputed
        (:func:`mask_cells`)."""
        self.masked = mask_cells(self.counts, threshold, self.row_totals)
        self.primary = {pos for pos in self.masked if 0 < self._count_at(pos) < threshold}
        return self

    def _count_at(self, pos):
        """The records counted at a position (a cell, a total, the grand total)."""
        i, j = pos
        rows = self.counts if i == len(self.counts) else [self.counts[i]]
        return sum(sum(row) if j == len(self.column_labels) else row[j] for row in rows)

    def row_total(self, i):
        return sum(self.values[i])

    def column_total(self, j):
        return sum(row[j] for row in self.values)

    def grand_total(self):
        return sum(sum(row) for row in self.values)

    def _shown(self, pos, figure, masked_text, hidden_text):
        if pos in self.primary:
            return masked_text
        return hidden_text if pos in self.masked else figure

    def data_rows(self, masked_text, hidden_text):
        """The rows of the data sheet, without the totals row: the cells
        counting too few records replaced by ``masked_text`` ("< 5"), those
        hidden so that they cannot be recomputed by ``hidden_text``.

        :return: generator of lists (labels..., figures..., [row total])
        """
        n_cols = len(self.column_labels)

        def shown(pos, figure):
            return self._shown(pos, figure, masked_text, hidden_text)

        for i, labels in enumerate(self.row_labels):
            row = [*labels, *(shown((i, j), figure) for j, figure in enumerate(self.values[i]))]
            if self.row_totals:
                row.append(shown((i, n_cols), self.row_total(i)))
            yield row

    def totals_row(self, masked_text, total_label, hidden_text):
        """The totals row, masked as :meth:`data_rows`."""
        n_rows, n_cols = len(self.values), len(self.column_labels)
        row = [total_label] + [""] * (len(self.row_headers) - 1)
        row += [self._shown((n_rows, j), self.column_total(j), masked_text, hidden_text) for j in range(n_cols)]
        if self.row_totals:
            row.append(self._shown((n_rows, n_cols), self.grand_total(), masked_text, hidden_text))
        return row
