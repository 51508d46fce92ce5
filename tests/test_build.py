"""The report builder as a scheduler uses it: build, skip, fail safely, refuse bad parameters, lock, escape."""

import io
import re
import shutil
import time

import nbformat
import pytest
from browser import offline_page, require_chromium
from tiny import make_dataset

from analysis import build, parameters
from analysis.build import fingerprints, kernels
from analysis.build.index import index_page
from analysis.build.outcomes import write_outcome
from analysis.build.run import finding, first_sentence
from analysis.cli import main
from analysis.paths import DATA_DIR_VARIABLE
from conftest import FIXTURE_DATA, PROJECT_DIR, TWO_REPORTS, edit, report_project

CONFIG = TWO_REPORTS


FINDING = (
    "2 officials killed: Governor of Balkh province (unnamed official), Balkh, between 1 March 2023 and 31 March 2023, "
    "by Islamic State Khorasan Province; Acting governor of Badakhshan province (unnamed official), Badakhshan, "
    "between "
    "1 June 2023 and 30 June 2023, by Islamic State Khorasan Province."
)  # official_killings' narrative on the fixture


@pytest.fixture
def project(tmp_path):
    return report_project(tmp_path, CONFIG)


BUILD_BOUND = 60  # seconds: every build here takes 2-20 s, even on a loaded machine; a kernel stall took 120


def run(project, **options):
    """Build, and fail if the build took far longer than it should (issue 26: a stalled kernel cost two minutes)."""
    log = io.StringIO()
    began = time.monotonic()
    outcomes = build.build(config=project / "reports.yaml", out_dir=project / "out", stream=log, **options)
    seconds = time.monotonic() - began
    assert seconds < BUILD_BOUND, f"the build took {seconds:.0f} s:\n{log.getvalue()}"
    return {o.name: o for o in outcomes}, log.getvalue()


def test_build_skip_fail_and_recover(project):
    out = project / "out"
    outcomes, log = run(project)
    assert {n: o.status for n, o in outcomes.items()} == {"officials": "built", "exchange": "built"}
    assert "Rows per table:" in log  # the data summary, printed when a build runs
    for name in ("officials", "exchange"):
        assert {(out / f"{name}{ext}").exists() for ext in (".html", ".ipynb", ".json")} == {True}
    page = (out / "exchange.html").read_text(encoding="utf-8")
    assert "hl-ipython3" not in page  # code hidden from readers
    assert "<script src=" not in page and page.count("vegaEmbed(") == 1
    executed = nbformat.read(out / "exchange.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "The Iran &lt;exchange&gt;" in index and "actors = Iran" in index and "built now" in index
    assert outcomes["officials"].finding == FINDING and f'<p class="finding">{FINDING}</p>' in index
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".*.running.ipynb"))

    outcomes, _ = run(project)
    assert {o.status for o in outcomes.values()} == {"skipped"}
    assert outcomes["officials"].finding == FINDING and FINDING in (out / "index.html").read_text(encoding="utf-8")

    good_page = (out / "officials.html").read_bytes()
    notebook = nbformat.read(project / "notebooks" / "official_killings.ipynb", as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(notebook, project / "notebooks" / "official_killings.ipynb")
    outcomes, _ = run(project)
    assert outcomes["officials"].status == "failed" and outcomes["exchange"].status == "skipped"
    assert outcomes["officials"].error.startswith("cell 4 ")  # 0-based, after papermill's injected parameters cell
    assert "ZeroDivisionError" in outcomes["officials"].error
    assert (out / "officials.html").read_bytes() == good_page  # the last good report stays
    assert (out / "officials.failed.ipynb").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert outcomes["officials"].finding == FINDING  # the last good report's, as its built_at
    failed = index[index.index('<section class="failed"><h2>Failed</h2>') : index.index('<section class="notebook">')]
    assert (
        "ZeroDivisionError" in failed
        and '<a href="officials.failed.ipynb">' in failed
        and '<a href="officials.html">last good report' in failed
    )
    assert f"Last good report: {FINDING}" in failed and "exchange" not in failed
    assert main(["build", "--config", str(project / "reports.yaml"), "--out", str(out)]) == 1

    notebook.cells.pop(3)
    nbformat.write(notebook, project / "notebooks" / "official_killings.ipynb")
    outcomes, _ = run(project, show_code=True)
    assert {o.status for o in outcomes.values()} == {"built"}  # show_code changes every report's fingerprint
    assert not (out / "officials.failed.ipynb").exists()
    assert "hl-ipython3" in (out / "officials.html").read_text(encoding="utf-8")


def test_the_index_groups_reports_by_notebook_with_failures_first(tmp_path):
    def outcome(name, notebook, status, **fields):
        return build.Outcome(name, f"Title of {name}", notebook, {"freq": "<year>"}, status, "f", "d", **fields)

    (tmp_path / "broken.failed.ipynb").touch()  # saved by its failed run; "refused" never ran, so it has none
    page = index_page(
        [
            outcome("counts", "attack_counts", "built", built_at="t1", finding="6 <b>incidents</b> & more."),
            outcome(
                "broken", "attack_counts.ipynb", "failed", built_at="t0", error="cell 4 raised <Error>", finding="Old."
            ),
            outcome("brief", "briefing", "skipped", built_at="t0", finding="Up to date."),
            outcome("kabul", "attack_counts", "skipped", built_at="t0"),
            outcome("refused", "briefing", "failed", error="parameter 'freq': bad"),
        ],
        tmp_path,
    )
    assert "<script" not in page
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["Failed", "attack_counts", "briefing"]
    sections = dict(re.findall(r"<h2>(.*?)</h2>(.*?)</section>", page, re.S))
    assert re.findall(r'href="([^"]+)"', sections["Failed"]) == ["broken.failed.ipynb", "broken.html"]
    assert "cell 4 raised &lt;Error&gt;" in sections["Failed"] and "Last good report: Old." in sections["Failed"]
    assert (
        "parameter &#x27;freq&#x27;: bad" in sections["Failed"]
        and "no failed notebook saved; no good report yet" in sections["Failed"]
    )
    assert re.findall(r'href="([^"]+)"', sections["attack_counts"]) == ["counts.html", "kabul.html"]
    assert '<p class="finding">6 &lt;b&gt;incidents&lt;/b&gt; &amp; more.</p>' in sections["attack_counts"]
    assert "freq = &lt;year&gt;" in sections["attack_counts"]
    assert re.findall(r'href="([^"]+)"', sections["briefing"]) == ["brief.html"]


def test_the_finding_is_the_first_sentence_of_the_first_markdown_output():
    narrative = (
        "2 killed in Kabul (see p. 4. of the U.N. note) by ISKP &amp; others, e.g. &lt;b&gt;Taliban&lt;/b&gt;. "
        "Next sentence."
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("A heading. Not an output."),
            nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("stream", text="a log line. Not Markdown.")]),
            nbformat.v4.new_code_cell(
                outputs=[nbformat.v4.new_output("execute_result", {"text/markdown": narrative, "text/plain": "x"})]
            ),
            nbformat.v4.new_code_cell(
                outputs=[nbformat.v4.new_output("display_data", {"text/markdown": "The second narrative."})]
            ),
        ]
    )
    assert finding(notebook) == "2 killed in Kabul (see p. 4. of the U.N. note) by ISKP & others, e.g. <b>Taliban</b>."
    assert finding(nbformat.v4.new_notebook()) == ""
    assert first_sentence("No full stop at all") == "No full stop at all"
    assert first_sentence("Alarming! Then more.") == "Alarming!"
    assert first_sentence("Killed 1.5 times as many. Then") == "Killed 1.5 times as many."
    assert (
        first_sentence("Three attacks (two in Kabul. One unplaced) were coded. Then")
        == "Three attacks (two in Kabul. One unplaced) were coded."
    )
    assert first_sentence("Approx. 30 killed, per Gen. Ahmadi. Then") == "Approx. 30 killed, per Gen. Ahmadi."
    long = first_sentence("word " * 100 + ".")
    assert len(long) <= 302 and long.endswith("word …")


def test_a_reused_kernel_starts_each_report_with_no_variables_of_the_last(project):
    (project / "reports.yaml").write_text(
        "reports:\n  first: {notebook: first}\n  second: {notebook: second}\n", encoding="utf-8"
    )
    for mine, theirs in (("first", "second"), ("second", "first")):  # whichever runs second would see the other's
        notebook = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            cells=[
                nbformat.v4.new_code_cell('data_dir = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(f"assert 'made_by_{theirs}' not in globals()\nmade_by_{mine} = 1"),
            ],
        )
        nbformat.write(notebook, project / "notebooks" / f"{mine}.ipynb")
    outcomes, _ = run(project, jobs=1)
    assert {name: (o.status, o.error) for name, o in outcomes.items()} == {
        "first": ("built", ""),
        "second": ("built", ""),
    }


def test_a_kernel_that_does_not_reset_in_time_is_replaced_with_a_message(project, monkeypatch):
    """A kernel gets RESET_TIMEOUT to clear its variables, then is replaced: a build does not wait on it for minutes."""
    (project / "reports.yaml").write_text(
        "reports:\n  first: {notebook: first}\n  second: {notebook: second}\n", encoding="utf-8"
    )
    stuck = (  # whichever report runs first leaves its kernel sleeping 30 s before each execution, the reset's too
        "import builtins, time\n"
        "assert not hasattr(builtins, 'stuck')  # builtins survive a reset: the second report runs in a new kernel\n"
        "builtins.stuck = True\n"
        "get_ipython().events.register('pre_execute', lambda: time.sleep(30))"
    )
    for name in ("first", "second"):
        notebook = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            cells=[
                nbformat.v4.new_code_cell('data_dir = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(stuck),
            ],
        )
        nbformat.write(notebook, project / "notebooks" / f"{name}.ipynb")
    monkeypatch.setattr(kernels, "RESET_TIMEOUT", 2)
    outcomes, log = run(project, jobs=1)
    assert {name: (o.status, o.error) for name, o in outcomes.items()} == {
        "first": ("built", ""),
        "second": ("built", ""),
    }
    assert "a kernel did not clear its variables (TimeoutError: Timeout waiting for output); starting a new one" in log


def test_bad_parameters_fail_their_report_alone_before_any_kernel_starts(project, monkeypatch):
    (project / "reports.yaml").write_text(
        """
reports:
  bad:
    notebook: attack_counts
    parameters: {freq: 3, perpetrators: "ISKP, Talibn", provinces: Kabull, start: 2023-13-01, colour: red,
                 data_dir: /tmp}
""",
        encoding="utf-8",
    )
    shutil.copy(PROJECT_DIR / "notebooks" / "attack_counts.ipynb", project / "notebooks")
    monkeypatch.setattr(build, "Kernels", lambda *a, **k: pytest.fail("a kernel was started"))
    outcomes, log = run(project)
    assert outcomes["bad"].status == "failed"
    for expected in (
        "parameter 'freq' must be str, not int 3",
        "unknown actor 'Talibn': not an actor_id, name or alias in actors.csv; did you mean 'Taliban'?",
        "parameter 'provinces': unknown province 'Kabull'; did you mean 'Kabul'",
        "parameter 'start': '2023-13-01' is not a date of the form YYYY-MM-DD",
        "unknown parameter 'colour'; attack_counts.ipynb takes by, datasets, end, freq, perpetrators, provinces, start",
        "parameter 'data_dir' is set by the build (--data), not per report",
    ):
        assert expected in outcomes["bad"].error and expected in log
    assert not (project / "out" / "bad.html").exists()
    assert "FAILED" in (project / "out" / "index.html").read_text(encoding="utf-8")


def test_one_bad_report_fails_alone_and_the_others_build(project):
    (project / "reports.yaml").write_text(
        CONFIG
        + """
  typo:
    notebook: official_killings
    parameters: {provinces: Balkhh}
  nameless:
    notebook: no_such_notebook
  strange:
    notebok: official_killings
""",
        encoding="utf-8",
    )
    outcomes, _ = run(project)
    assert {n: o.status for n, o in outcomes.items()} == {
        "officials": "built",
        "exchange": "built",
        "typo": "failed",
        "nameless": "failed",
        "strange": "failed",
    }
    assert outcomes["typo"].error == "parameter 'provinces': unknown province 'Balkhh'; did you mean 'Balkh'?"
    assert outcomes["nameless"].error.startswith("notebook not found: ")
    assert (
        "no 'notebook' given" in outcomes["strange"].error and "unknown setting 'notebok'" in outcomes["strange"].error
    )
    assert main(["build", "--config", str(project / "reports.yaml"), "--out", str(project / "out")]) == 1


def test_a_report_list_yaml_cannot_read_names_the_line(project):
    (project / "reports.yaml").write_text(
        "reports:\n  a:\n    notebook: briefing\n    parameters: {start: [2023\n", encoding="utf-8"
    )
    with pytest.raises(
        build.BuildError, match=r"cannot read the report list: line 4, column 25 \(in report 'a'\): expected ',' or ']'"
    ):
        run(project)


def test_an_unknown_report_is_refused(project):
    with pytest.raises(build.BuildError, match="no such report in .*: nope"):
        run(project, only=["nope"])


def test_a_second_build_waits_for_none_it_refuses(project):
    with build.build_lock(project / "out"):
        with pytest.raises(build.BuildError, match="another build is running"):
            run(project)


def test_progress_is_a_live_line_on_a_terminal_and_log_lines_otherwise():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    outcome = build.Outcome("a", "A", "nb", {}, "built", "f", "d", seconds=1.25)
    plain, live = io.StringIO(), Terminal()
    build.Progress(2, plain).report(outcome)
    build.Progress(2, live).report(outcome)
    assert plain.getvalue().endswith(" [1/2] a: built (1.2 s)\n") and plain.getvalue()[:4].isdigit()
    assert live.getvalue() == "\r\033[K[1/2] a: built (1.2 s)"


HOSTILE = '<script>alert("quote")</script> <img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """A report built on data whose article text and summary carry markup."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "notebooks").mkdir()
    shutil.copy(PROJECT_DIR / "notebooks" / "accusation_flows.ipynb", root / "notebooks")
    (root / "reports.yaml").write_text("reports:\n  exchange:\n    notebook: accusation_flows\n", encoding="utf-8")
    data = make_dataset(
        root / "hostile",
        quote=f"Iran said: {HOSTILE}",
        statements=[
            dict(
                statement_id="S1",
                speaker_actor="iran",
                kind="claim",
                target_actor="taliban",
                summary=HOSTILE,
                date_start="2023-06-01",
                date_end="2023-06-01",
            )
        ],
    )
    outcomes, _ = run(root, data_dir=data.path)
    assert outcomes["exchange"].status == "built", outcomes["exchange"].error
    return root / "out" / "exchange.html"


def test_article_text_is_escaped_in_reports(hostile_report):
    page = hostile_report.read_text(encoding="utf-8")
    assert "<script>alert(" not in page and "<img src=x" not in page  # nowhere, not even inside the chart data
    assert "&lt;script&gt;alert(" in page


@pytest.mark.browser
def test_a_browser_shows_article_markup_as_text_and_runs_none_of_it(hostile_report):
    require_chromium()
    with offline_page() as (browser_page, blocked, errors):
        dialogs = []
        browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        browser_page.goto(hostile_report.as_uri())
        browser_page.wait_for_timeout(1500)
        text = browser_page.inner_text("body")
    assert dialogs == [] and '<script>alert("quote")</script>' in text


def test_a_build_renders_and_labels_the_data_it_validated(project, data_copy, monkeypatch):
    """ANALYSIS_DATA_DIR and --data choose the data for the builder and its kernels alike; a change of data rebuilds."""
    shutil.copy(PROJECT_DIR / "notebooks" / "attack_counts.ipynb", project / "notebooks")
    (project / "reports.yaml").write_text("reports:\n  attacks:\n    notebook: attack_counts\n", encoding="utf-8")
    edit(
        data_copy / "incidents.csv",
        "government_officials,1,1,,,,,Suicide bombing at the Balkh",
        "government_officials,7,7,,,,,Suicide bombing at the Balkh",
    )  # the fixture's 1 + 1 killed in 2023 become 7 + 1

    def built(**options):
        outcomes, _ = run(project, **options)
        assert outcomes["attacks"].status == "built", outcomes["attacks"]
        return (project / "out" / "attacks.html").read_text(encoding="utf-8")

    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy))
    page = built()
    assert "At least 8 people were killed" in page and f"data version {build.data_version(data_copy)}" in page
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(FIXTURE_DATA))
    page = built()  # other data: rebuilt, not skipped
    assert "At least 2 people were killed" in page and f"data version {build.data_version(FIXTURE_DATA)}" in page
    page = built(data_dir=data_copy)  # --data wins over the environment
    assert "At least 8 people were killed" in page and f"data version {build.data_version(data_copy)}" in page


def test_parameters_are_read_by_papermill():
    assert parameters.declared(PROJECT_DIR / "notebooks" / "attack_counts.ipynb") == {
        "data_dir": "str",
        "start": "str",
        "end": "str",
        "freq": "str",
        "by": "str",
        "provinces": "str",
        "perpetrators": "str",
        "datasets": "str",
    }


def test_a_changed_seed_changes_the_data_version(data_copy):
    before = build.data_version(data_copy)
    seed = data_copy.parent / "seeds" / "001_b1950903ff270c93.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert build.data_version(data_copy) != before  # so the next build re-checks the data instead of skipping


SCRATCH_EDITS = """
import analysis
from analysis import views

ds = analysis.load(data_dir or None)
ds.statements.drop(ds.statements.index, inplace=True)
ds.incidents["killed_low"] = 999
combined = views.incidents_from(ds)
combined["killed_low"] = 999
combined.drop(combined.index[1:], inplace=True)
links = views.record_links(ds)
links.members.drop(links.members.index, inplace=True)
flows = views.statement_flows(ds)
flows.edges.drop(flows.edges.index, inplace=True)
ds.imports.clear()
try:
    ds.incidents = ds.incidents.iloc[:0]
except AttributeError:
    pass
"""  # what an analyst's scratch notebook does to the tables it is handed, as pandas users do every day


def _figures(executed_notebook) -> list:
    """Every output a reader sees (sentences, tables, charts), in order."""
    notebook = nbformat.read(executed_notebook, as_version=4)
    return [output.get("data", output.get("text")) for cell in notebook.cells for output in cell.get("outputs", [])]


@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_a_notebook_editing_the_loaded_tables_in_place_changes_no_later_report_in_its_kernel(project):
    standard = "  attacks: {notebook: attack_counts}\n  exchange: {notebook: accusation_flows}\n"
    shutil.copy(PROJECT_DIR / "notebooks" / "attack_counts.ipynb", project / "notebooks")
    scratch = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[
            nbformat.v4.new_code_cell('data_dir = ""', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(SCRATCH_EDITS),
        ],
    )
    nbformat.write(scratch, project / "notebooks" / "scratch.ipynb")
    (project / "reports.yaml").write_text(f"reports:\n{standard}", encoding="utf-8")
    clean, _ = run(project, jobs=1)
    assert {o.status for o in clean.values()} == {"built"}
    expected = {name: _figures(project / "out" / f"{name}.ipynb") for name in clean}

    (project / "reports.yaml").write_text(f"reports:\n  scratch: {{notebook: scratch}}\n{standard}", encoding="utf-8")
    after_scratch, _ = run(project, jobs=1, force=True)  # one kernel: the scratch report runs first, then the others
    assert {name: (o.status, o.error) for name, o in after_scratch.items()} == {
        "scratch": ("built", ""),
        "attacks": ("built", ""),
        "exchange": ("built", ""),
    }
    started = {
        name: nbformat.read(project / "out" / f"{name}.ipynb", as_version=4).metadata.papermill.start_time
        for name in after_scratch
    }
    assert min(started, key=started.get) == "scratch"
    assert {name: _figures(project / "out" / f"{name}.ipynb") for name in clean} == expected


MATRIX = """
reports:
  counts:
    title: Attacks per year
    notebook: attack_counts
    parameters: {freq: year}
  kabul:
    title: Attacks in Kabul
    notebook: attack_counts
    parameters: {freq: quarter, provinces: Kabul}
  officials:
    title: Officials killed
    notebook: official_killings
"""
ALL = {"counts", "kabul", "officials"}


def _config(root, old, new):
    edit(root / "reports.yaml", old, new)


def _notebook(name):
    return lambda root: (root / "notebooks" / f"{name}.ipynb").write_text("edited", encoding="utf-8")


def _package(name):
    return lambda root: (root / "package" / name).write_text("edited", encoding="utf-8")


def _outcome_status(root, name, status):
    path = root / "out" / f"{name}.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"built"', f'"{status}"'), encoding="utf-8")


@pytest.mark.parametrize(
    "change, options, rebuilt",
    [
        (lambda root: None, {}, set()),
        (lambda root: _config(root, "{freq: year}", "{freq: month}"), {}, {"counts"}),
        (lambda root: _config(root, "Attacks in Kabul", "Kabul"), {}, {"kabul"}),
        (
            lambda root: _config(root, "  officials:\n", "  added:\n    notebook: briefing\n  officials:\n"),
            {},
            {"added"},
        ),
        (lambda root: _config(root, "  officials:\n    title: Officials killed\n", "  _:\n    title: _\n"), {}, {"_"}),
        (_notebook("attack_counts"), {}, {"counts", "kabul"}),
        (_notebook("official_killings"), {}, {"officials"}),
        (lambda root: edit(root / "data" / "incidents.csv", "Governor's office", "Governor's offices"), {}, ALL),
        (_package("code.py"), {}, ALL),
        (_package("codebook.yaml"), {}, ALL),
        (_package("notes.txt"), {}, set()),  # not code, template or codebook
        (lambda root: None, {"show_code": True}, ALL),
        (lambda root: None, {"force": True}, ALL),
        (lambda root: _outcome_status(root, "kabul", "failed"), {}, {"kabul"}),
        (lambda root: (root / "out" / "officials.html").unlink(), {}, {"officials"}),
    ],
    ids=[
        "nothing",
        "parameters",
        "title",
        "report added",
        "report renamed",
        "shared notebook",
        "notebook",
        "data",
        "package code",
        "package codebook",
        "other package file",
        "show-code",
        "force",
        "last build failed",
        "html deleted",
    ],
)
def test_a_build_reruns_exactly_the_reports_whose_inputs_changed(
    tmp_path, data_copy, monkeypatch, change, options, rebuilt
):
    """The plan (no kernel runs): after a good build of every report, change one input; only its reports are pending."""
    root = data_copy.parent
    (root / "notebooks").mkdir()
    for name in ("attack_counts", "official_killings", "briefing"):
        (root / "notebooks" / f"{name}.ipynb").write_text(name, encoding="utf-8")  # the plan hashes them, runs none
    (root / "reports.yaml").write_text(MATRIX, encoding="utf-8")
    (root / "package").mkdir()
    for name in ("code.py", "codebook.yaml", "notes.txt"):
        (root / "package" / name).write_text(name, encoding="utf-8")
    monkeypatch.setattr(fingerprints, "PACKAGE_DIR", root / "package")

    def plan(show_code=False, force=False):
        specs, notebooks = build._reports(root / "reports.yaml", None, FIXTURE_DATA)
        data = build.data_version(data_copy)
        skipped, pending = build._plan(specs, notebooks, data, show_code, force, root / "out")
        assert set(skipped) | {p.spec.name for p in pending} == {s.name for s in specs}
        return data, pending

    data, pending = plan()
    assert {p.spec.name for p in pending} == ALL  # nothing built yet
    (root / "out").mkdir()
    for p in pending:  # what a good build records
        spec = p.spec
        write_outcome(
            root / "out",
            build.Outcome(spec.name, spec.title, spec.notebook, spec.parameters, "built", p.fingerprint, data),
        )
        (root / "out" / f"{spec.name}.html").write_text("report", encoding="utf-8")
    change(root)
    assert {p.spec.name for p in plan(**options)[1]} == rebuilt
