"""Splitting amounts between co-funders to the cent.

Amounts are integers of cents and shares integer weights (a percentage in
hundredths, or an amount in cents), so that nothing depends on binary
floats.
"""


def largest_remainder(total, weights, order=None):
    """Split ``total`` (int, cents) in proportion to ``weights`` (ints >= 0,
    not all zero) by the largest remainder method: each part is the floor of
    its exact share, and the cents left go one each to the largest
    remainders (ties: by ``order``, a list of indexes, default their order).

    :return: list of ints summing exactly to ``total``
    """
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("the weights of a split cannot all be zero")
    parts, remainders = [], []
    for index, weight in enumerate(weights):
        part, remainder = divmod(total * weight, weight_sum)
        parts.append(part)
        remainders.append((remainder, index))
    rank = {index: position for position, index in enumerate(order or range(len(weights)))}
    left = total - sum(parts)
    for _remainder, index in sorted(remainders, key=lambda item: (-item[0], rank[item[1]]))[:left]:
        parts[index] += 1
    return parts


def split_lines(amounts, weights):
    """Split each line amount of ``amounts`` (ints, cents, >= 0) between
    funders of ``weights`` (ints >= 0) so that:

    * each line's parts sum exactly to the line's amount;
    * each funder's parts sum to its largest-remainder share of the grand
      total (so that no cent drifts to the same funder line after line);
    * each part is the floor or the ceiling of its exact share.

    The floors of the exact shares are given first; the cents left on each
    line go to the funders most short of their total, then cents are moved
    between funders along augmenting paths until every funder has its total.

    :return: list (per line) of lists (per funder) of ints
    """
    count = len(weights)
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("the weights of a split cannot all be zero")
    targets = largest_remainder(sum(amounts), weights)
    floors, remainders = [], []
    for amount in amounts:
        shares = [divmod(amount * weight, weight_sum) for weight in weights]
        floors.append([part for part, _remainder in shares])
        remainders.append([remainder for _part, remainder in shares])
    # extra[i][f]: the cent funder f gets above its floor on line i (0 or 1)
    extra = [[0] * count for _amount in amounts]
    needs = [targets[f] - sum(line[f] for line in floors) for f in range(count)]
    for i in sorted(range(len(amounts)), key=lambda i: -(amounts[i] - sum(floors[i]))):
        left = amounts[i] - sum(floors[i])
        eligible = [f for f in range(count) if remainders[i][f]]
        for f in sorted(eligible, key=lambda f: (-needs[f], -remainders[i][f], f))[:left]:
            extra[i][f] = 1
            needs[f] -= 1
    _rebalance(extra, remainders, needs)
    return [[floor + cent for floor, cent in zip(line, cents, strict=True)]
            for line, cents in zip(floors, extra, strict=True)]


def _rebalance(extra, remainders, needs):
    """Move extra cents from the funders with too many to those short of
    their total, along augmenting paths (on a line where a funder has its
    extra cent and the next one could have it but has not); each line keeps
    its sum."""
    count = len(needs)
    while any(need > 0 for need in needs):
        previous = {f: None for f in range(count) if needs[f] < 0}
        queue, found = list(previous), None
        while queue and found is None:
            giver = queue.pop(0)
            for i, cents in enumerate(extra):
                if not cents[giver]:
                    continue
                for taker in range(count):
                    if taker in previous or cents[taker] or not remainders[i][taker]:
                        continue
                    previous[taker] = (giver, i)
                    if needs[taker] > 0:
                        found = taker
                        break
                    queue.append(taker)
                if found is not None:
                    break
        if found is None:  # pragma: no cover - no path: totals stay within a cent of their share
            return
        needs[found] -= 1
        taker = found
        while previous[taker] is not None:
            giver, i = previous[taker]
            extra[i][taker], extra[i][giver] = 1, 0
            taker = giver
        needs[taker] += 1
