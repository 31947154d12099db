"""The filters chosen on an evidence page, in words, for its heading and its chart's title."""


def selection_in_words(selected, group_labels, choices):
    """E.g. "region London or Wales; police force Kent".

    `selected` maps each filter to its chosen values, in the order the page lists its filters;
    `choices(name)` gives that filter's (value, label) pairs.
    """
    parts = []
    for name, values in selected.items():
        if values:
            labels = dict(choices(name))
            joined = " or ".join(labels[value] for value in values)
            parts.append(f"{group_labels[name].lower()} {joined}")
    return "; ".join(parts)
