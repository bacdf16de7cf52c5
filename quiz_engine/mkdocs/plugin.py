"""The ``course`` MkDocs plugin.

It validates every content file (a broken one stops the build with
``path:line: key: problem — fix``), renders ```` ```quiz ```` fences as
accessible HTML, writes the content JSON the browser grades against, and
assembles the engine wheel and the self-hosted Pyodide distribution into the
site.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import tempfile
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..errors import CourseError
from ..exercise import Exercise, find_exercise_folders, load_exercises
from ..grade import DEFAULT_PASS_MARK
from ..loader import load_quizzes
from ..model import Quiz
from ..notebooks import lesson_notebook
from .config import CourseConfig
from .exercise_render import render_exercise
from .interface_strings import (
    InterfaceStrings,
    load_interface_strings,
    site_interface_strings,
)
from .lab_render import render_lab
from .manifest import ProgressManifest
from .render import render_quiz, render_test
from .service_worker import write_service_worker
from .versions import content_version, question_versions
from .wheel import build_engine_wheel, project_root

__all__ = ["CoursePlugin"]

log = get_plugin_logger(__name__)

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
# Exercise sources stay out of the site: the browser gets their JSON form.
EXERCISE_SOURCE = ("exercise.yml", ".py")


def _version(quiz: Quiz) -> str:
    """A short hash of the quiz content: stored progress is kept per version."""
    return content_version(quiz.to_json())


def _exercise_version(exercise: Exercise) -> str:
    """A short hash of the exercise: stored drafts are kept per version."""
    return content_version(exercise.to_json())


def _site_key(config: MkDocsConfig) -> str:
    return re.sub(r"[^a-z0-9]+", "-", config.site_name.lower()).strip("-") or "course"


class CoursePlugin(BasePlugin[CourseConfig]):
    """Render course content and ship the Python engine to the browser."""

    def __init__(self) -> None:
        self.quizzes: dict[str, Quiz] = {}
        self._by_source: dict[str, Quiz] = {}
        self._page: Page | None = None
        self._errors: list[CourseError] = []
        self.labs: dict[str, Any] = {}
        self.exercises: dict[str, Exercise] = {}
        self._exercise_dirs: dict[str, Exercise] = {}
        self._config: MkDocsConfig | None = None
        self._manifest = ProgressManifest()
        self._serving = False
        self.strings = load_interface_strings("en")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (no offline cache while editing)."""
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Register the ``quiz`` fence with pymdownx.superfences."""
        if not self.config.enabled:
            return None
        if "pymdownx.superfences" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.superfences")
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        ours = ("quiz", "test", "lab", "exercise")
        custom = [f for f in fences.get("custom_fences", []) if f.get("name") not in ours]
        custom.append({"name": "quiz", "class": "course-quiz", "format": self._format_quiz})
        custom.append({"name": "test", "class": "course-test", "format": self._format_test})
        custom.append({"name": "lab", "class": "course-lab", "format": self._format_lab})
        custom.append(
            {"name": "exercise", "class": "course-exercise", "format": self._format_exercise}
        )
        self._config = config
        fences["custom_fences"] = custom
        self.labs = self._load_labs()
        # The templates' <meta name="course-site">: namespaces stored progress.
        config.extra["course_site"] = _site_key(config)
        self.strings = self._load_strings(config)
        # The widgets' words, embedded in every page (overrides/main.html).
        config.extra["course_strings"] = self.strings.to_json()
        return config

    def _load_strings(self, config: MkDocsConfig) -> InterfaceStrings:
        """The interface strings in the theme's language (Material's ``theme.language``)."""
        try:
            strings = site_interface_strings(config, self.config.strings_dir, self._shown)
        except CourseError as error:
            raise PluginError(str(error)) from error
        for warning in strings.warnings:
            log.warning(warning)
        return strings

    def _load_labs(self) -> dict[str, Any]:
        """Load and validate the lab personas (the labs worker's content files)."""
        from labs_worker.errors import LabsWorkerError
        from labs_worker.personas import load_personas

        try:
            return dict(load_personas(self.config.labs_personas_dir))
        except LabsWorkerError as error:
            raise PluginError(str(error)) from error

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Validate every content file, and keep the YAML sources out of the site."""
        if not self.config.enabled:
            return None
        docs = Path(config.docs_dir)
        content = {
            self._shown(docs / f.src_uri): f
            for f in files
            if any(fnmatch(f.src_uri, pattern) for pattern in self.config.content_globs)
        }
        try:
            self.quizzes = load_quizzes(
                (Path(f.abs_src_path or docs / f.src_uri), shown) for shown, f in content.items()
            )
        except CourseError as error:
            raise PluginError(str(error)) from error
        self._by_source = {content[q.source].src_uri: q for q in self.quizzes.values()}
        for file in content.values():
            files.remove(file)
        self._load_exercises(docs)
        for notebook in self._write_notebooks(docs, config):
            files.append(notebook)
        for file in list(files):
            parts = PurePosixPath(file.src_uri).parts
            in_exercise = len(parts) >= 3 and "exercises" in parts[:-2]
            if in_exercise and file.src_uri.endswith(EXERCISE_SOURCE):
                files.remove(file)
        return files

    def _load_exercises(self, docs: Path) -> None:
        """Validate every exercise folder; index them by their folder in the docs."""
        folders = {self._shown(folder): folder for folder in find_exercise_folders(docs)}
        try:
            self.exercises = load_exercises(
                ((folder, shown) for shown, folder in folders.items()), docs_dir=docs
            )
        except CourseError as error:
            raise PluginError(str(error)) from error
        self._exercise_dirs = {
            folders[e.source].relative_to(docs).as_posix(): e for e in self.exercises.values()
        }

    def _write_notebooks(self, docs: Path, config: MkDocsConfig) -> list[File]:
        """One companion notebook per lesson with exercises, as ``<lesson>/notebook.ipynb``."""
        by_lesson: dict[str, list[Exercise]] = {}
        for folder, exercise in sorted(self._exercise_dirs.items()):
            lesson = folder.split("/exercises/")[0]
            by_lesson.setdefault(lesson, []).append(exercise)
        out = Path(tempfile.mkdtemp(prefix="course-notebooks-"))
        data_url = f"{config.site_url}datasets/" if config.site_url else ""
        generated = []
        for lesson, exercises in by_lesson.items():
            index = docs / lesson / "index.md"
            heading = next(
                (line[2:].strip() for line in index.read_text(encoding="utf-8").splitlines()
                 if line.startswith("# ")),
                lesson,
            ) if index.is_file() else lesson
            target = out / lesson / "notebook.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            notebook = lesson_notebook(heading, exercises, data_url)
            target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
            generated.append(
                File(f"{lesson}/notebook.ipynb", str(out), config.site_dir,
                     config.use_directory_urls)
            )
        return generated

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str | None:
        """Remember the page being rendered: quiz fences name files relative to it."""
        if self.config.enabled:
            self._page = page
            self._errors = []
            # The nav section's title ("Lesson 2 · Data First") names the lesson best.
            title = page.parent.title if page.parent is not None else page.title
            self._manifest.add_page(page.file.src_uri, title or "", page.url)
        return None

    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str | None:
        """Stop the build on a broken fence (superfences would swallow the error)."""
        if self.config.enabled and self._errors:
            raise PluginError(str(self._errors[0]))
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the content JSON, the schema, the engine wheel and Pyodide."""
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        out = site / self.config.content_dir
        (out / "quiz").mkdir(parents=True, exist_ok=True)
        for quiz in self.quizzes.values():
            payload = {**quiz.to_json(), "version": _version(quiz)}
            (out / "quiz" / f"{quiz.id}.json").write_text(
                json.dumps(payload, ensure_ascii=False), encoding="utf-8"
            )
        (out / "labs").mkdir(parents=True, exist_ok=True)
        for lab_id, persona in self.labs.items():
            (out / "labs" / f"{lab_id}.json").write_text(
                json.dumps(dict(persona.practice_data), ensure_ascii=False), encoding="utf-8"
            )
        (out / "exercise").mkdir(parents=True, exist_ok=True)
        for exercise in self.exercises.values():
            payload = {**exercise.to_json(), "version": _exercise_version(exercise)}
            (out / "exercise" / f"{exercise.id}.json").write_text(
                json.dumps(payload, ensure_ascii=False), encoding="utf-8"
            )
        (out / "progress.json").write_text(
            json.dumps(self._manifest.to_json(), ensure_ascii=False), encoding="utf-8"
        )
        (site / "schema").mkdir(exist_ok=True)
        for schema in SCHEMAS.glob("*.schema.json"):
            shutil.copyfile(schema, site / "schema" / schema.name)
        if self.config.pyodide_enabled:
            self._assemble_pyodide(site)
        # Last: the service worker lists every file of the finished site. Not
        # under `mkdocs serve`, where a cache would hide the edits being made.
        if self.config.offline and not self._serving:
            base = urlsplit(config.site_url or "/").path or "/"
            count = write_service_worker(site, base if base.endswith("/") else base + "/")
            log.info("Offline: the service worker precaches %d files", count)

    def _assemble_pyodide(self, site: Path) -> None:
        from ..pyodide_supply import assemble_pyodide

        try:
            with tempfile.TemporaryDirectory() as tmp:
                wheel = build_engine_wheel(Path(tmp))
                root = project_root()
                cache = self.config.pyodide_cache
                report = assemble_pyodide(
                    site / self.config.pyodide_dir,
                    packages=self.config.pyodide_packages,
                    extra_wheels=[wheel],
                    project_root=root,
                    cache_dir=root / cache if cache else None,
                )
        except CourseError as error:
            raise PluginError(f"Pyodide supply: {error}") from error
        log.info("Pyodide distribution: %s", report)

    def _quiz_named(self, src: str, fence: str) -> Quiz | None:
        """The quiz file a fence names (relative to its page), or None after noting why."""
        name = src.strip()
        page_dir = PurePosixPath(self._page.file.src_uri).parent if self._page else PurePosixPath()
        where = self._page.file.src_uri if self._page else "a page"
        quiz = self._by_source.get(str(page_dir / name) if name else "")
        if quiz is None:
            known = ", ".join(sorted(self._by_source)) or "none"
            self._errors.append(
                CourseError(
                    f"the {fence} fence names {name!r}, which is not a quiz file",
                    path=f"{self._docs_shown}/{where}",
                    key=fence,
                    fix=f"write a path relative to the page; quiz files found: {known}",
                )
            )
        return quiz

    def _note(self, kind: str, item_id: str, version: str, **extra: Any) -> None:
        """Record rendered content in the progress manifest."""
        if self._page is not None:
            self._manifest.add(
                self._page.file.src_uri, kind, item_id, version, page=self._page.url, **extra
            )

    def _format_quiz(self, src: str, language: str, *_: Any, **__: Any) -> str:
        """Render a ```` ```quiz ```` fence whose body names a quiz file."""
        return self._render_quiz_file(src, "quiz")

    def _format_test(self, src: str, language: str, *_: Any, **__: Any) -> str:
        """Render a ```` ```test ```` fence: the quiz file graded as a whole test."""
        return self._render_quiz_file(src, "test")

    def _render_quiz_file(self, src: str, kind: str) -> str:
        """Render the quiz file a fence names, as a quiz or as a whole test."""
        quiz = self._quiz_named(src, kind)
        if quiz is None:
            return ""
        version = _version(quiz)
        self._note(
            kind, quiz.id, version, total=len(quiz.questions), questions=question_versions(quiz)
        )
        data_url = f"{self.config.content_dir}/quiz/{quiz.id}.json"
        if kind == "quiz":
            return render_quiz(
                quiz, data_url=data_url, version=version, site=self._site, s=self.strings
            )
        mark = quiz.pass_mark if quiz.pass_mark is not None else DEFAULT_PASS_MARK
        return render_test(
            quiz, data_url=data_url, version=version, site=self._site, pass_mark=mark,
            s=self.strings,
        )

    def _format_lab(self, src: str, language: str, *_: Any, **__: Any) -> str:
        """Render a ```` ```lab ```` fence whose body is a lab id (``lab-1``)."""
        lab_id = src.strip()
        persona = self.labs.get(lab_id)
        if persona is None:
            where = self._page.file.src_uri if self._page else "a page"
            self._errors.append(
                CourseError(
                    f"the lab fence names {lab_id!r}, which is not a lab persona",
                    path=f"{self._docs_shown}/{where}",
                    key="lab",
                    fix=f"use one of: {', '.join(sorted(self.labs)) or 'none found'}",
                )
            )
            return ""
        version = content_version(dict(persona.practice_data))
        self._note("lab", lab_id, version)
        return render_lab(
            lab_id=lab_id,
            peer=persona.peer,
            opening_message=persona.opening_message,
            data_url=f"{self.config.content_dir}/labs/{lab_id}.json",
            labs_url=self.config.labs_url.rstrip("/"),
            version=version,
            site=self._site,
            s=self.strings,
        )

    def _format_exercise(self, src: str, language: str, *_: Any, **__: Any) -> str:
        """Render a ```` ```exercise ```` fence whose body is a folder relative to the page."""
        name = src.strip().rstrip("/")
        page = self._page
        page_dir = PurePosixPath(page.file.src_uri).parent if page else PurePosixPath()
        target = posixpath.normpath(str(page_dir / name)) if name else ""
        exercise = self._exercise_dirs.get(target)
        if exercise is None:
            self._errors.append(
                CourseError(
                    f"the exercise fence names {name!r}, which is not an exercise folder",
                    path=f"{self._docs_shown}/{page.file.src_uri if page else 'a page'}",
                    key="exercise",
                    fix="write the folder relative to the page, e.g. `exercises/class-weights`; "
                    f"exercises found: {', '.join(sorted(self._exercise_dirs)) or 'none'}",
                )
            )
            return ""
        depth = len(PurePosixPath(page.url).parts) if page and page.url else 0
        self._note("exercise", exercise.id, _exercise_version(exercise), title=exercise.title)
        return render_exercise(
            exercise,
            data_url=f"{self.config.content_dir}/exercise/{exercise.id}.json",
            version=_exercise_version(exercise),
            site=self._site,
            prompt_html=self._markdown(exercise.prompt),
            s=self.strings,
            root_url="../" * depth,
        )

    def _markdown(self, text: str) -> str:
        """Render an exercise prompt with the site's own Markdown extensions."""
        import markdown

        if self._config is None:
            raise PluginError("the course plugin rendered a page before on_config ran")
        converter = markdown.Markdown(
            extensions=[
                e for e in self._config.markdown_extensions if e != "pymdownx.superfences"
            ],
            extension_configs={
                k: v for k, v in self._config.mdx_configs.items() if k != "pymdownx.superfences"
            },
        )
        return converter.convert(text)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Compute the names used in messages and in the browser's storage keys."""
        if self.config.enabled:
            self._manifest = ProgressManifest()
            self._docs_shown = self._shown(Path(config.docs_dir))
            self._site = _site_key(config)

    @staticmethod
    def _shown(path: Path) -> str:
        """Show ``path`` relative to the working directory when it is inside it."""
        try:
            return str(path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(path)
