"""The ``course`` MkDocs plugin.

It validates every content file (a broken one stops the build with
``path:line: key: problem — fix``), renders ```` ```quiz ```` fences as
accessible HTML, writes the content JSON the browser grades against, and
assembles the engine wheel and the self-hosted Pyodide distribution into the
site.
"""

from __future__ import annotations

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
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..errors import CourseError
from ..exercise import Exercise, find_exercise_folders, load_exercises
from ..fences import (
    Fence,
    FenceTargets,
    check_page_fences,
    exercise_target,
    fence_problem,
    quiz_target,
)
from ..grade import DEFAULT_PASS_MARK
from ..loader import load_quizzes
from ..model import Quiz
from .config import CourseConfig
from .content_files import lesson_notebook_files, write_content_json
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
        self.strings = self._load_strings(config)
        # Everything the browser code needs from the build, embedded once in
        # every page as <script id="course-config"> (overrides/main.html).
        config.extra["course_config"] = {
            "site": _site_key(config),  # namespaces stored progress
            "pyodideUrl": self.config.pyodide_dir.strip("/") + "/",
            "contentUrl": self.config.content_dir.strip("/") + "/",
            "labsUrl": self.config.labs_url.rstrip("/"),
            "labMessageMaxChars": 2000,  # the labs worker's cap on one message
            "language": self.strings.language,
            "strings": self.strings.to_json(),
        }
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
        for notebook in lesson_notebook_files(self._exercise_dirs, docs, config):
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

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str | None:
        """Remember the page being rendered: quiz fences name files relative to it."""
        if self.config.enabled:
            self._page = page
            self._errors = []
            # The nav section's title ("Lesson 2 · Data First") names the lesson best.
            title = page.parent.title if page.parent is not None else page.title
            self._manifest.add_page(page.file.src_uri, title or "", page.url)
            # Every fence's target, checked with its line before superfences renders it.
            problems = check_page_fences(
                markdown, page_uri=page.file.src_uri, targets=self._targets(),
                docs_shown=self._docs_shown,
            )
            if problems:
                raise PluginError(str(problems[0]))
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
        write_content_json(
            site / self.config.content_dir,
            quizzes={quiz.id: {**quiz.to_json(), "version": content_version(quiz.to_json())}
                     for quiz in self.quizzes.values()},
            labs={lab_id: dict(persona.practice_data) for lab_id, persona in self.labs.items()},
            exercises={e.id: {**e.to_json(), "version": content_version(e.to_json())}
                       for e in self.exercises.values()},
            progress=self._manifest.to_json(),
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

    def _targets(self) -> FenceTargets:
        """What the site's fences may name."""
        return FenceTargets(
            quiz_files=set(self._by_source), exercise_dirs=set(self._exercise_dirs),
            labs=set(self.labs),
        )

    def _page_uri(self) -> str:
        return self._page.file.src_uri if self._page else ""

    def _missing(self, kind: str, src: str) -> str:
        """Note why a fence names nothing (the page check has already said where)."""
        problem = fence_problem(
            Fence(kind=kind, target=src.strip(), line=None), page_uri=self._page_uri(),
            targets=self._targets(), docs_shown=self._docs_shown,
        )
        if problem is not None:
            self._errors.append(problem)
        return ""

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
        quiz = self._by_source.get(quiz_target(self._page_uri(), src.strip()))
        if quiz is None:
            return self._missing(kind, src)
        version = content_version(quiz.to_json())
        self._note(
            kind, quiz.id, version, total=len(quiz.questions), questions=question_versions(quiz)
        )
        data_url = f"{self.config.content_dir}/quiz/{quiz.id}.json"
        if kind == "quiz":
            return render_quiz(
                quiz, data_url=data_url, version=version, s=self.strings
            )
        mark = quiz.pass_mark if quiz.pass_mark is not None else DEFAULT_PASS_MARK
        return render_test(
            quiz, data_url=data_url, version=version, pass_mark=mark, s=self.strings,
        )

    def _format_lab(self, src: str, language: str, *_: Any, **__: Any) -> str:
        """Render a ```` ```lab ```` fence whose body is a lab id (``lab-1``)."""
        lab_id = src.strip()
        persona = self.labs.get(lab_id)
        if persona is None:
            return self._missing("lab", src)
        version = content_version(dict(persona.practice_data))
        self._note("lab", lab_id, version)
        return render_lab(
            lab_id=lab_id,
            peer=persona.peer,
            opening_message=persona.opening_message,
            data_url=f"{self.config.content_dir}/labs/{lab_id}.json",
            version=version,
            s=self.strings,
        )

    def _format_exercise(self, src: str, language: str, *_: Any, **__: Any) -> str:
        """Render a ```` ```exercise ```` fence whose body is a folder relative to the page."""
        exercise = self._exercise_dirs.get(exercise_target(self._page_uri(), src.strip()))
        page = self._page
        if exercise is None:
            return self._missing("exercise", src)
        depth = len(PurePosixPath(page.url).parts) if page and page.url else 0
        version = content_version(exercise.to_json())
        self._note("exercise", exercise.id, version, title=exercise.title)
        return render_exercise(
            exercise,
            data_url=f"{self.config.content_dir}/exercise/{exercise.id}.json",
            version=version,
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
        """Compute the names used in messages."""
        if self.config.enabled:
            self._manifest = ProgressManifest()
            self._docs_shown = self._shown(Path(config.docs_dir))

    @staticmethod
    def _shown(path: Path) -> str:
        """Show ``path`` relative to the working directory when it is inside it."""
        try:
            return str(path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(path)
