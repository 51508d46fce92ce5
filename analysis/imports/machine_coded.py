"""Machine-coded statements (POLECAT, ICEWS rows read by tabbed) in our statements' terms.

dictionary.yaml's conventions.machine_coded in code: the kind from the codebook only (never guessed),
the date as a day, speaker and target through name_mapping.json and actors.csv, a country's or a
government official's name as that country's government on the event's date. Rows that are not
statements of ours are counted by code; unknown codes and unmapped names are listed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

import pandas as pd

from .formats import CODEBOOKS
from .names import Names, Unmapped, by_distinct
from .tabbed import Skipped, TabbedRows

COUNTRIES: dict[str, str] = {  # any spelling (casefolded) -> the country's name in formats.yaml
    spelling.casefold(): country
    for country, aliases in CODEBOOKS["statement_countries"].items()
    for spelling in (country, *aliases)
}
DATE_FORMAT = "%Y-%m-%d"
CAMEO_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")  # the twenty CAMEO roots, with their sub-codes


def country_of(spelling) -> str | None:
    """Our name for a country however a file spells it (AFG, Afghanistan), or None."""
    return None if spelling is None or pd.isna(spelling) else COUNTRIES.get(str(spelling).strip().casefold())


def classify(fmt: str, code, mode) -> tuple[str | None, str]:
    """(our kind or None, the code as the dataset gives it: ACCUSE/allege, or the CAMEO code).

    None: not a statement of ours (meetings, material actions) or an unknown code; which of the two is
    told by `is_known`. Only the codebook decides: nothing is guessed.
    """
    code = "" if code is None or pd.isna(code) else str(code).strip()
    mode = "" if mode is None or pd.isna(mode) else str(mode).strip().lower()
    kinds = CODEBOOKS[fmt]["kinds"]
    if fmt == "icews":
        prefix = next((code[:n] for n in (4, 3, 2) if code[:n] in kinds), None) if CAMEO_CODE.match(code) else None
        return (kinds[prefix] if prefix else None), code
    event_type = code.upper()
    rule = kinds.get(event_type) or {}
    modes = rule.get("modes") or {}
    label = f"{event_type}/{mode}" if mode else event_type
    return (modes[mode] if mode in modes else rule.get("kind")), label


def is_known(fmt: str, code) -> bool:
    """A code the codebook knows (a statement of ours or not), as opposed to a value it has never seen."""
    code = "" if code is None or pd.isna(code) else str(code).strip()
    if fmt == "icews":
        return bool(CAMEO_CODE.match(code))
    return code.upper() in CODEBOOKS[fmt]["kinds"] or code.upper() in CODEBOOKS[fmt]["not_statements"]


GOVERNMENT_NAMES: dict[str, str] = {  # "afghanistan", "afg", "government (afghanistan)" ... -> Afghanistan
    template.format(country=spelling).casefold(): country
    for country in CODEBOOKS["governments"]
    for template in CODEBOOKS["government_names"]
    for spelling in (country, *CODEBOOKS["statement_countries"].get(country, []))
}


class Speakers:
    """Speaker and target names -> actor ids: the mapping and actors.csv, then a country's government by date."""

    def __init__(self, names: Names, fmt: str):
        self.names, self.separator = names, CODEBOOKS[fmt]["list_separator"]
        self.by_name = GOVERNMENT_NAMES
        self.sectors = {sector.casefold() for sector in CODEBOOKS["government_sectors"]}

    def actor(self, name, country, sectors, era: str) -> str | None:
        """The first name in the cell that maps, else the government of the country the name or sectors point to.

        era: the day's period of government (era_of), so the answer is worked out once per period, not per day.
        """
        if name is None or pd.isna(name):
            return None
        separator = self.separator
        candidates = [part.strip() for part in name.split(separator)] if separator else [name.strip()]
        for candidate in candidates:
            actor = self.names.actor(candidate)
            if actor:
                return actor
        country_name = next((self.by_name[c.casefold()] for c in candidates if c.casefold() in self.by_name), None)
        if country_name is None and isinstance(sectors, str) and self._governing(sectors):
            country_name = country_of(country)
        if country_name in CODEBOOKS["governments"]:
            government = _government_on(country_name, era)
            return self.names.actor(government) if government else None
        return None

    def _governing(self, sectors: str) -> bool:
        return any(part.strip().casefold() in self.sectors for part in re.split(r"[,;]", sectors))


ERAS = sorted(  # the days a government changes (ISO dates compare as text), for era_of
    {p["from"] for periods in CODEBOOKS["governments"].values() for p in periods if p.get("from")}
    | {
        (pd.Timestamp(p["until"]) + pd.Timedelta(days=1)).strftime(DATE_FORMAT)
        for periods in CODEBOOKS["governments"].values()
        for p in periods
        if p.get("until")
    }
)


def governments_by_date(
    sides: pd.Series, mapped: pd.Series, start: pd.Series, end: pd.Series, names: Names
) -> pd.Series:
    """`mapped` with each side still unmapped that names only its country's government ("Government of
    Afghanistan") read as the government of its days (formats.yaml governments): the Taliban from 15 August
    2021, not the Republic. A range that spans a change of government, or a government actors.csv lacks, stays
    unmapped. Worked out once per distinct (name, period), so a large export pays little."""
    country = sides.where(mapped.isna()).astype(object).str.strip().str.casefold().map(GOVERNMENT_NAMES)
    unread = country.notna()
    if not unread.any():
        return mapped
    days = pd.DataFrame(
        {
            "country": country[unread],
            "first": start[unread].dt.strftime(DATE_FORMAT).map(era_of),
            "last": end[unread].dt.strftime(DATE_FORMAT).map(era_of),
        }
    )
    found = {
        key: names.actor(government) if key[1] == key[2] and (government := _government_on(key[0], key[1])) else None
        for key in set(days.itertuples(index=False, name=None))
    }
    read = pd.Series([found[key] for key in days.itertuples(index=False, name=None)], index=days.index, dtype=object)
    return mapped.astype(object).where(~unread, read)


def era_of(day) -> str:
    """An ISO day as the first day of its period of government ("" before the first change, or no day)."""
    day = day if isinstance(day, str) else ""
    return ERAS[i - 1] if (i := bisect.bisect_right(ERAS, day)) else ""


def _government_on(country: str, era: str) -> str | None:
    """Which name governs `country` in the era starting on `era` (formats.yaml governments)."""
    for period in CODEBOOKS["governments"][country]:
        after = period.get("from") is None or era >= period["from"]
        before = period.get("until") is None or era <= period["until"]
        if after and before:
            return period["name"]
    return None


def machine_statements(read: TabbedRows, fmt: str, name: str, names: Names) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """(statements, counts for the manifest, unmapped names) of rows read by tabbed.read_tabbed."""
    rows = read.rows
    mode = rows["mode"] if "mode" in rows else pd.Series(pd.NA, index=rows.index, dtype="string")
    pairs = pd.Series(list(zip(rows["code"].astype(object), mode.astype(object))), index=rows.index)
    classified = {pair: classify(fmt, *pair) for pair in pairs.unique()}  # once per distinct code and mode
    kind = pd.Series([classified[pair][0] for pair in pairs], index=rows.index, dtype="string")
    code_label = pd.Series([classified[pair][1] for pair in pairs], index=rows.index, dtype="string")
    not_statements, unknown = Counter(), Counter()
    for (code, label), count in (
        pd.DataFrame({"code": rows["code"], "label": code_label})[kind.isna()].value_counts(dropna=False).items()
    ):
        if is_known(fmt, code):
            not_statements[label] += count
        else:
            unknown[label or "(empty)"] += count
    day = pd.to_datetime(rows["date"], format=DATE_FORMAT, errors="coerce")
    skipped = read.skipped
    bad_date = day.isna()
    for origin, value in zip(rows.loc[bad_date & kind.notna(), "origin"], rows.loc[bad_date & kind.notna(), "date"]):
        _skip(skipped, origin, f"date {value!r} is not YYYY-MM-DD")
    event_id = rows["event_id"]
    duplicate = event_id.duplicated() & kind.notna() & ~bad_date
    for origin, value in zip(rows.loc[duplicate, "origin"], event_id[duplicate]):
        _skip(skipped, origin, f"event id {value!r} again (the first is kept)")
    chosen = kind.notna() & ~bad_date & ~duplicate & event_id.notna()
    rows, day, kind, code_label = rows[chosen], day[chosen], kind[chosen], code_label[chosen]
    speakers, unmapped = Speakers(names, fmt), Unmapped()
    era = [era_of(day) for day in rows["date"].astype(object)]
    actors = {}
    for side in ("speaker", "target"):
        sectors = rows[f"{side}_sectors"] if f"{side}_sectors" in rows else pd.Series(pd.NA, index=rows.index)
        keys = pd.Series(
            list(
                zip(
                    *(column.astype(object) for column in (rows[f"{side}_name"], rows[f"{side}_country"], sectors)), era
                )
            ),
            index=rows.index,
        )
        actors[side] = by_distinct(keys, lambda key: speakers.actor(*key))
        missing = set(rows.loc[actors[side].isna() & rows[f"{side}_name"].notna(), f"{side}_name"])
        unmapped.add(f"{side}_name", rows[f"{side}_name"], rows["event_id"], missing)
    statements = pd.DataFrame(
        {
            "dataset": name,
            "event_id": rows["event_id"],
            "date_start": day,
            "date_end": day,
            "date_precision": "day",
            "kind": kind,
            "code": code_label,
            "speaker_actor": actors["speaker"],
            "speaker_name": rows["speaker_name"],
            "speaker_country": rows["speaker_country"],
            "target_actor": actors["target"],
            "target_name": rows["target_name"],
            "target_country": rows["target_country"],
            "publisher": rows["publisher"],
            "story_id": rows["story_id"] if "story_id" in rows else pd.NA,
            "sentence": pd.to_numeric(rows["sentence"], errors="coerce").astype("Int64")
            if "sentence" in rows
            else pd.Series(pd.NA, index=rows.index, dtype="Int64"),
            "text": rows["text"],
        }
    ).reset_index(drop=True)
    counts = {
        "lines_read": read.lines_read,
        "statements": len(statements),
        "not_statements": {code: int(n) for code, n in sorted(not_statements.items())},
        "unknown_codes": {code: int(n) for code, n in sorted(unknown.items())},
        "filtered_out": read.filtered_out,
        "extra_header_rows": read.extra_headers,
        "skipped_lines": skipped.count,
        "skipped_examples": skipped.examples,
        "read_as_latin1": read.latin1_files,
    }
    return statements, counts, unmapped.table()


def _skip(skipped: Skipped, origin: str, reason: str) -> None:
    file, _, line = origin.rpartition(":")
    skipped.add(file, int(line), reason)
