"""Ruby: ``.rb`` and ``.rake`` files (Gemfile, Rakefile and config.ru are manifests).

Supported: ``require``, ``require_relative``, ``load`` and ``autoload`` with literal
paths; ``require`` resolved on the load path (every ``lib/``, the root, Rails ``app/*``,
``spec/``, ``test/``), else a gem named by its first path segment. Definitions: classes,
modules, ``def`` and ``def self.x`` (methods inside a class, also in ``class << self``).
Calls with their receiver (``File.write``, ``Net::HTTP.get`` -> ``Net.HTTP.get``,
``@client.get``) and first string argument; ``ENV["X"]`` and ``ENV.fetch("X")`` as
environment reads; classes built on ``Rails::Application``, ``Sinatra::Base``,
``Grape::API``, ``Hanami::App`` or ``Roda``, ``Rack::Builder.new`` and classic Sinatra
scripts (``require "sinatra"``) as web apps; routes of config/routes.rb, Sinatra and
Grape (``get "/x", to: "c#a"``, ``get "/x" do``, ``resources :orders, only: [...]``,
see ``routes.py``); the leading comment block
(after magic comments) or the comment above the first class as summary. config.ru
(rackup), exe/ and bin/ scripts (not Bundler's binstubs); commands from the Gemfile
(bundle install, rspec, rake test or bin/rails test, bin/rails server) and the
Rakefile's tasks with their namespaces (``rake db:seed``).

Known gaps: calls to methods named with ``?`` or ``!`` (``File.exist?``, ``save!``) are
dropped, since such a name is no dotted name; backticks and ``%x()`` are not seen as
subprocesses. Rails autoloading (constants used without a require) gives no import
edges, so a Rails app's graph is mostly its ``require`` lines. A method after a bare
``private`` line counts as public (only ``private def x`` on one line is seen). Methods
of a module are functions, not methods. Tasks in ``lib/tasks/*.rake`` are not commands
(``.rake`` files are sources, not manifests). Requires bind no names, so no call is
resolved: ``[entries]`` patterns cannot fire, and calls of the project's own classes
from other files (``ReportExporter.new``) are dropped at extraction like any call no
later stage can use.
"""

from __future__ import annotations

import re

from mapper.languages.ruby import manifests, resolve, routes
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

_HIDDEN = re.compile(r"^\s*(private|protected)\b")


def bind_import(site: ImportSite) -> Binding | None:
    """A require binds no name: it loads constants (``FileUtils``) that calls use as written."""
    return None


def is_public(name: str, line_text: str) -> bool:
    """Not ``_``-prefixed and not ``private def x``; a ``private`` section is not tracked."""
    return not name.startswith("_") and not _HIDDEN.match(line_text)


SPEC = LanguageSpec(
    name="ruby",
    entry_kinds=(
        EntryKind("entry.gem_executable", "gem executable", "role.cli", 2),
        EntryKind("entry.bin_script", "bin/ script", "role.cli", 2),
        EntryKind("entry.rack", "Rack app", "", 14),
    ),
    extensions=(".rb", ".rake"),
    grammars={"": GrammarRef("tree_sitter_ruby", "language", pack_name="ruby")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    separators=("::", "."),
    constructor_names=("initialize",),
    manifest_names=manifests.MANIFEST_NAMES,
    project_manifests=(manifests.GEMFILE,),
    read_entry_points=manifests.read_entry_points,
    read_commands=manifests.read_commands,
    file_entry_points=manifests.file_entry_points,
    read_routes=routes.read_routes,
)
