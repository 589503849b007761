"""Entry points and commands of Ruby projects: Gemfile, Rakefile, config.ru, bin/ and exe/.

Commands are composed from names the files define (``rake db:seed``), never copied
from task bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapper.languages._shared import command, command_kind, dir_of, entry, line_of, manifests_named, topmost
from mapper.model import Command, EntryPoint, Evidence, FileFacts, ManifestFile, RepoSnapshot

__all__ = [
    "MANIFEST_NAMES", "read_entry_points", "read_commands", "file_entry_points", "rake_tasks",
]

GEMFILE = "Gemfile"
RAKEFILES = ("Rakefile", "rakefile", "Rakefile.rb")
RACKUP = "config.ru"
MANIFEST_NAMES = (GEMFILE, *RAKEFILES, RACKUP)

_EXECUTABLE_DIRS = (("exe", "entry.gem_executable"), ("bin", "entry.bin_script"))
_BINSTUB_DIR = "bin"
# Binstubs and setup scripts that Bundler, Rails and gem skeletons put in bin/: tools
# for working on the project, not ways it runs.
_BINSTUBS = frozenset({
    "bundle", "rake", "rails", "rspec", "rubocop", "setup", "console", "dev", "spring",
    "yarn", "webpack", "webpack-dev-server", "importmap", "brakeman", "kamal", "thrust",
    "jobs", "docker-entrypoint", "update", "bundler-audit", "standardrb",
})
_SINATRA_CLASSIC = "sinatra"
_TEST_DIRS = frozenset({"spec", "test", "tests", "features"})
_TEST_SUFFIXES = ("_spec.rb", "_test.rb")
_GEM = re.compile(r"""^\s*gem\s+['"]([\w\-]+)['"]""", re.MULTILINE)
_NAMESPACE = re.compile(r"""^(\s*)namespace\s*\(?\s*(?::(\w+)|['"]([\w:\-]+)['"])""")
_TASK = re.compile(r"""^(\s*)(?:multi)?task\s*\(?\s*(?::(\w+)|['"]([\w:\-]+)['"]|(\w+):\s)""")
# `RSpec::Core::RakeTask.new(:spec)`, `Rake::TestTask.new do ...` (named "test").
_TASK_CLASS = re.compile(r"""^\s*((?:\w+::)+\w*Task)\.new(?:\s*\(\s*:(\w+))?""")
_DEFAULT_TASK_NAMES = {"Rake::TestTask": "test", "RSpec::Core::RakeTask": "spec", "RuboCop::RakeTask": "rubocop"}
_END = re.compile(r"^(\s*)end\b")


@dataclass(frozen=True)
class RakeTask:
    name: str  # with its namespaces: 'db:seed'
    line: int


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    """A web app: a class built on a framework's application class (Rails, Sinatra,
    Grape...), a ``Rack::Builder``, or a classic Sinatra script.

    Test files build throw-away apps all the time; their names say what they are.
    """
    if _is_test_file(facts.path):
        return []
    apps = [m for m in facts.markers if m.kind == "web_app"]
    if apps:
        base = apps[0].name.removeprefix("::")
        return [entry("entry.web_app", facts.path, base, facts.path, apps[0].line, f"builds on {base}")]
    # A classic Sinatra app is a script that requires "sinatra" and declares routes at
    # the top level; requiring "sinatra/base" only loads the library.
    classic = next((s for s in facts.imports if s.source == _SINATRA_CLASSIC), None)
    if classic is not None:
        return [entry("entry.web_app", facts.path, "Sinatra::Application", facts.path, classic.line,
                      'requires "sinatra"')]
    return []


def _is_test_file(path: str) -> bool:
    parts = path.split("/")
    return bool(_TEST_DIRS & set(parts[:-1])) or parts[-1].endswith(_TEST_SUFFIXES)


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    for manifest in manifests_named(snapshot, RACKUP):
        found.append(entry("entry.rack", manifest.path, f"rackup {manifest.path}", manifest.path,
                           line_of(manifest.text, "run ", "run("), "Rack application"))
    if _is_ruby_project(snapshot):
        found.extend(_executables(snapshot))
    return found


def _is_ruby_project(snapshot: RepoSnapshot) -> bool:
    return snapshot.manifest(GEMFILE) is not None or any(
        "/" not in path and path.endswith(".gemspec") for path in snapshot.other_files
    )


def _executables(snapshot: RepoSnapshot) -> list[EntryPoint]:
    """Scripts in exe/ (a gem's executables, whatever their name: rubocop's own is
    ``exe/rubocop``) or else bin/, without the binstubs Bundler and Rails put there."""
    candidates = [s.path for s in snapshot.sources if s.language == "ruby"] + list(snapshot.other_files)
    for directory, kind in _EXECUTABLE_DIRS:
        scripts = sorted(p for p in candidates if _is_script(p, directory))
        if scripts:
            return [entry(kind, path, path, path, 1, f"executable script in {directory}/") for path in scripts]
    return []


def _is_script(path: str, directory: str) -> bool:
    if dir_of(path) != directory:
        return False
    name = path.rsplit("/", 1)[-1]
    stem = name.removesuffix(".rb")
    binstub = directory == _BINSTUB_DIR and stem in _BINSTUBS
    return ("." not in stem) and not name.startswith(".") and not binstub


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    for gemfile in topmost(manifests_named(snapshot, GEMFILE)):
        found.extend(_bundler_commands(snapshot, gemfile))
    for rakefile in topmost(manifests_named(snapshot, *RAKEFILES)):
        prefix = _prefix(rakefile)
        for task in rake_tasks(rakefile.text):
            found.append(Command(command_kind(task.name), f"{prefix}rake {task.name}",
                                 Evidence(rakefile.path, task.line, "defined here")))
    return found


def _bundler_commands(snapshot: RepoSnapshot, gemfile: ManifestFile) -> list[Command]:
    prefix = _prefix(gemfile)
    here = dir_of(gemfile.path)
    gems = set(_GEM.findall(gemfile.text))
    found = [command("install", f"{prefix}bundle install", gemfile, "source", "gem ")]
    rails = "rails" in gems and _under(snapshot, here, "bin/rails")
    if "rspec" in gems or "rspec-rails" in gems or _has_sources(snapshot, here, "spec"):
        found.append(command("test", f"{prefix}bundle exec rspec", gemfile, "rspec", "gem "))
    if _has_sources(snapshot, here, "test"):
        text = "bin/rails test" if rails else "bundle exec rake test"
        found.append(command("test", f"{prefix}{text}", gemfile, "minitest", "rails", "gem "))
    if rails:
        found.append(command("run", f"{prefix}bin/rails server", gemfile, "rails"))
    return found


def _has_sources(snapshot: RepoSnapshot, here: str, directory: str) -> bool:
    folder = f"{here}/{directory}/" if here else f"{directory}/"
    return any(s.path.startswith(folder) for s in snapshot.sources)


def _under(snapshot: RepoSnapshot, here: str, path: str) -> bool:
    wanted = f"{here}/{path}" if here else path
    return wanted in snapshot.other_files or any(s.path == wanted for s in snapshot.sources)


def rake_tasks(text: str) -> list[RakeTask]:
    """Task names a Rakefile defines, inside their ``namespace`` blocks."""
    tasks: list[RakeTask] = []
    namespaces: list[tuple[int, str]] = []  # (indent, name) of the open namespace blocks
    for number, line in enumerate(text.splitlines(), start=1):
        end = _END.match(line)
        if end and namespaces and len(end.group(1)) <= namespaces[-1][0]:
            namespaces.pop()
            continue
        opened = _NAMESPACE.match(line)
        if opened:
            namespaces.append((len(opened.group(1)), opened.group(2) or opened.group(3)))
            continue
        name = _task_name(line)
        if name and name != "default":
            tasks.append(RakeTask(":".join([n for _, n in namespaces] + [name]), number))
    return tasks


def _task_name(line: str) -> str | None:
    match = _TASK.match(line)
    if match:
        return match.group(2) or match.group(3) or match.group(4)
    match = _TASK_CLASS.match(line)
    if match:
        return match.group(2) or _DEFAULT_TASK_NAMES.get(match.group(1))
    return None



def _prefix(manifest: ManifestFile) -> str:
    directory = dir_of(manifest.path)
    return f"cd {directory} && " if directory else ""
