"""From scored pairs to links: the analyst's decisions first, then the best pairs, one record per dataset in a cluster.

A cluster is one real event: it never holds two records of one dataset, nor two records an analyst
said are different events. Pairs are taken best first; a pair joins two clusters only when it reached
the link score, beats each record's runner-up in the other dataset by the margin, and the clusters
may join. What is left within reach (review_at) goes to the analyst, with both scores.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError, Problem
from ..validation import line_of


class Clusters:
    """Union-find over record names, keeping each cluster's members so joins can be refused."""

    def __init__(self, rejected: set[frozenset]):
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.rejected = rejected

    def root(self, ref: str) -> str:
        if ref not in self.parent:
            self.parent[ref], self.members[ref] = ref, [ref]
        while self.parent[ref] != ref:
            self.parent[ref] = self.parent[self.parent[ref]]
            ref = self.parent[ref]
        return ref

    def why_not(self, a: str, b: str) -> str | None:
        """None if a's and b's clusters may join, else why not."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return None
        datasets = {ref.split(":", 1)[0] for ref in self.members[ra]}
        twice = datasets & {ref.split(":", 1)[0] for ref in self.members[rb]}
        if twice:
            return f"would put two records of {', '.join(sorted(twice))} in one event"
        if any(frozenset((x, y)) in self.rejected for x in self.members[ra] for y in self.members[rb]):
            return "would join records an analyst rejected"
        return None

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[rb] = ra
            self.members[ra] += self.members.pop(rb)

    def groups(self) -> list[list[str]]:
        return [members for members in self.members.values() if len(members) > 1]


def assign(
    pairs: pd.DataFrame, decisions: pd.DataFrame, rules: dict, decisions_file: str
) -> tuple[pd.DataFrame, list[list[str]]]:
    """Each pair's status (linked, confirmed, rejected, review; pairs out of reach dropped) and the clusters."""
    decided = {
        frozenset((d.left, d.right)): (d.decision, line_of(index))
        for index, d in zip(decisions.index, decisions.itertuples())
    }
    rejected = {pair for pair, (decision, _) in decided.items() if decision == "reject"}
    clusters = Clusters(rejected)
    for pair, (decision, line) in decided.items():
        if decision == "confirm":
            a, b = sorted(pair)
            if (why := clusters.why_not(a, b)) is not None:
                raise DataError(
                    [Problem(decisions_file, line, "right", f"this confirm {why}; reject one of the links")]
                )
            clusters.join(a, b)
    key = [frozenset(pair) for pair in zip(pairs["left"], pairs["right"])]
    decision = pd.Series([decided.get(k, (None, None))[0] for k in key], index=pairs.index, dtype=object)
    open_pairs = pairs[decision.isna()]
    runner_up = pd.concat(
        [_runner_up(open_pairs, "left", "right_dataset"), _runner_up(open_pairs, "right", "left_dataset")], axis=1
    ).max(axis=1)
    pairs = pairs.assign(
        runner_up=runner_up.reindex(pairs.index),
        status=decision.map({"confirm": "confirmed", "reject": "rejected"}),
        reason=pd.Series(pd.NA, index=pairs.index, dtype=object),
    )
    eligible = (
        pairs["status"].isna()
        & (pairs["score"] >= rules["link_at"])
        & (pairs["score"] - pairs["runner_up"].fillna(-float("inf")) >= rules["margin"])
    )
    for index in pairs.index[eligible].to_numpy()[pairs.loc[eligible, "score"].to_numpy().argsort(kind="stable")[::-1]]:
        left, right = pairs.at[index, "left"], pairs.at[index, "right"]
        if (why := clusters.why_not(left, right)) is None:
            clusters.join(left, right)
            pairs.at[index, "status"] = "linked"
        else:
            pairs.at[index, "reason"] = why
    together = pd.Series(
        [clusters.root(a) == clusters.root(b) for a, b in zip(pairs["left"], pairs["right"])],
        index=pairs.index,
        dtype=bool,
    )
    pairs.loc[pairs["status"].isna() & together, "status"] = "linked"  # joined through a third record
    within_reach = pairs["status"].isna() & (pairs["score"] >= rules["review_at"])
    pairs.loc[within_reach, "status"] = "review"
    return pairs[pairs["status"].notna()].reset_index(drop=True), clusters.groups()


def _runner_up(pairs: pd.DataFrame, side: str, other_dataset: str) -> pd.Series:
    """For each pair, the best score of the same record (on `side`) with another record of the other dataset."""
    group = pairs.groupby([side, other_dataset], sort=False)["score"]
    best, count = group.transform("max"), group.transform("size")
    second = (
        pairs.assign(rank=group.rank(method="first", ascending=False))
        .query("rank == 2")
        .set_index([side, other_dataset])["score"]
    )
    second = pd.Series(list(zip(pairs[side], pairs[other_dataset])), index=pairs.index).map(second.to_dict())
    return best.where(pairs["score"] < best, second).where(count > 1)
