"""Ruby support: extraction, require resolution, Rails/Rack entry points, Bundler and Rake.

The fixture checks run the stages directly (discover -> extract -> resolve) so a
failure names the stage that broke; tests/test_fixtures.py checks the whole analysis.
"""

from __future__ import annotations

import pytest

from mapper.languages.ruby import bind_import, is_public
from mapper.languages.ruby.manifests import rake_tasks
from mapper.languages.ruby.resolve import gem_name
from mapper.model import ImportSite

from stages import (
    build_stages, effect_line_details, entry_keys, expected_entry_keys,
    expected_import_sets, import_sets,
)
from repos import write_tree

LANGUAGE = "ruby"
DEFAULT_PATH = "lib/file.rb"  # where source_facts puts a source text


# --- extraction ------------------------------------------------------------------------

REQUIRES = '''require "json"
require 'net/http'
require_relative "../lib/shop"
load "tasks/seed.rb"
autoload :Parser, "shop/parser"
require "#{ROOT}/dynamic"
require File.join(__dir__, "computed")
'''


def test_literal_requires_and_their_kinds(source_facts):
    assert {(s.line, s.source, s.kind) for s in source_facts(REQUIRES).imports} == {
        (1, "json", "require"), (2, "net/http", "require"), (3, "../lib/shop", "relative"),
        (4, "tasks/seed.rb", "load"), (5, "shop/parser", "require"),
    }


DEFINITIONS = '''module Shop
  class Order < ApplicationRecord
    def self.recent; end
    def total; end
    private def secret; end
    class << self
      def build; end
    end
  end
  class Admin::User; end
  def helper; end
end
def _internal; end
'''


def test_classes_modules_and_methods(source_facts):
    found = {(d.qualname, d.kind, d.public) for d in source_facts(DEFINITIONS).definitions}
    assert found == {
        ("Shop", "module", True),
        ("Shop.Order", "class", True),
        ("Shop.Order.recent", "method", True),
        ("Shop.Order.total", "method", True),
        ("Shop.Order.secret", "method", False),
        ("Shop.Order.build", "method", True),
        ("Shop.User", "class", True),
        ("Shop.helper", "function", True),  # a module's methods are functions (a gap)
        ("_internal", "function", False),
    }


CALLS = '''class Exporter
  def run(path)
    File.write(path, "x")
    system("gzip", path)
    Net::HTTP.get(URI("https://example.com"))
    home = ENV["HOME"]
    port = ENV.fetch("PORT", "3000")
    ::FileUtils.mkdir_p "tmp"
    self.notify("done")
    SecureRandom.hex(4)
  end

  def notify(message); end
end
'''


def test_calls_keep_their_receivers(source_facts):
    facts = source_facts(CALLS)
    calls = {(c.line, c.callee, c.scope, c.arg, c.form) for c in facts.calls}
    assert calls >= {
        (3, "File.write", "Exporter.run", None, "call"),
        (4, "system", "Exporter.run", "gzip", "call"),
        (5, "Net.HTTP.get", "Exporter.run", None, "call"),
        (6, "ENV", "Exporter.run", "HOME", "subscript"),
        (7, "ENV.fetch", "Exporter.run", "PORT", "call"),
        (8, "FileUtils.mkdir_p", "Exporter.run", "tmp", "call"),
        (9, "self.notify", "Exporter.run", "done", "call"),
        (10, "SecureRandom.hex", "Exporter.run", None, "call"),
    }


def test_web_app_classes_are_markers(source_facts):
    facts = source_facts("class App < Sinatra::Base\nend\nclass Api < Grape::API; end\nclass Plain < Base; end\n")
    assert {(m.kind, m.name, m.line) for m in facts.markers} == {
        ("web_app", "Sinatra::Base", 1), ("web_app", "Grape::API", 3),
    }


@pytest.mark.parametrize(
    ("path", "source", "entry"),
    [
        ("app.rb", 'require "sinatra"\n\nget "/" do\n  "hi"\nend\n', ("Sinatra::Application", 1)),
        ("lib/app.rb", 'require "sinatra/base"\n\nclass App < Sinatra::Base\nend\n', ("Sinatra::Base", 3)),
        ("lib/stack.rb", "STACK = Rack::Builder.new do\n  run App\nend\n", ("Rack::Builder", 1)),
        ("spec/app_spec.rb", 'require "sinatra"\nclass TestApp < Sinatra::Base; end\n', None),
        ("lib/plain.rb", 'require "sinatra/base"\n', None),
        ("lib/kit.rb", "class Kit\n  def build\n    Rack::Builder.new { run self }\n  end\nend\n", None),
    ],
)
def test_web_app_entry_points(path, source, entry, source_facts, language):
    found = [(e.target, e.evidence.line) for e in language.spec.file_entry_points(source_facts(source, path))]
    assert found == ([entry] if entry else [])


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("# frozen_string_literal: true\n\n# Syncs orders.\n# Twice a day.\nclass Sync; end\n", "Syncs orders. Twice a day."),
        ("#!/usr/bin/env ruby\n# Prints a report.\nputs 1\n", "Prints a report."),
        ('require "json"\n\n# The order model.\nclass Order; end\n', "The order model."),
        ("# Copyright 2024 Acme\n\nclass Order; end\n", None),
        ("class Order; end\n", None),
    ],
)
def test_leading_comment_or_class_comment_is_the_summary(source, summary, source_facts):
    assert source_facts(source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(source_facts):
    facts = source_facts('require "json"\n\ndef run\n  system("ls")\n  if (((\n')
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == ["json"]
    assert any(c.callee == "system" and c.arg == "ls" for c in facts.calls)


# --- bindings, visibility, gem names ----------------------------------------------------


def test_requires_bind_nothing():
    assert bind_import(ImportSite(1, "fileutils", kind="require")) is None


def test_private_defs_and_underscore_names_are_not_public():
    assert is_public("total", "  def total")
    assert not is_public("secret", "  private def secret")
    assert not is_public("_cache", "  def _cache")


@pytest.mark.parametrize(
    ("feature", "gem"),
    [("json", "json"), ("active_support/core_ext", "active_support"), ("net/http", "net/http"),
     ("net/http/persistent", "net/http"), ("rspec/rails", "rspec"), ("thing.rb", "thing")],
)
def test_gem_names(feature, gem):
    assert gem_name(feature) == gem


# --- resolution ------------------------------------------------------------------------


def test_requires_on_the_load_path_and_relative_requires(tmp_path, registry):
    root = write_tree(tmp_path, {
        "lib/shop.rb": "",
        "lib/shop/parser.rb": "",
        "app/services/billing.rb": "",
        "gems/tool/lib/tool/core.rb": "",
        "gems/tool/lib/shop.rb": "",
        "gems/tool/lib/tool.rb": 'require "shop"\nrequire "tool/core"\n',
        "spec/spec_helper.rb": "",
        "tasks/seed.rb": "",
        "bin/setup.rb": (
            'require "shop"\nrequire "shop/parser"\nrequire "billing"\nrequire "spec_helper"\n'
            'require_relative "../lib/shop"\nrequire_relative "missing"\nload "tasks/seed.rb"\n'
            'require "rails/all"\nrequire "./tasks/seed"\n'
        ),
    })
    _, _, resolved = build_stages(root, registry)
    setup = next(r for r in resolved if r.path == "bin/setup.rb")
    assert {(e.line, e.target or e.external) for e in setup.imports} == {
        (1, "lib/shop.rb"), (2, "lib/shop/parser.rb"), (3, "app/services/billing.rb"),
        (4, "spec/spec_helper.rb"), (5, "lib/shop.rb"), (7, "tasks/seed.rb"), (8, "rails"),
        (9, "tasks/seed.rb"),
    }  # a require_relative that misses stays unresolved, not a gem
    tool = next(r for r in resolved if r.path == "gems/tool/lib/tool.rb")
    # A gem in the repository requires its own files first.
    assert {(e.line, e.target) for e in tool.imports} == {(1, "gems/tool/lib/shop.rb"), (2, "gems/tool/lib/tool/core.rb")}


# --- the fixture -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_build(fixture_stages):
    return fixture_stages("ruby-rails")


def test_fixture_import_edges_and_externals_are_exact(fixture_build):
    expected, _, _, resolved = fixture_build
    edges, externals = import_sets(resolved)
    expected_edges, expected_externals = expected_import_sets(expected)
    assert edges == expected_edges
    assert externals == expected_externals


def test_fixture_definitions(fixture_build):
    _, _, facts, _ = fixture_build
    by_path = {f.path: {(d.qualname, d.kind, d.public) for d in f.definitions} for f in facts}
    assert {("Order", "class", True), ("Order.recent", "method", True)} <= by_path["app/models/order.rb"]
    assert ("OrdersController.order_params", "method", True) in by_path["app/controllers/orders_controller.rb"]
    assert ("Shop.Application", "class", True) in by_path["config/application.rb"]


def test_fixture_effect_callees(fixture_build):
    """Each expected effect is a call on its line, in its symbol, named as its detail."""
    expected, _, facts, _ = fixture_build
    for effect in expected["effects"]:
        assert (effect["symbol"], effect["detail"]) in effect_line_details(effect, facts), effect


def test_fixture_entry_points_and_commands(fixture_build, language):
    expected, snapshot, facts, _ = fixture_build
    found = entry_keys(e for f in facts for e in language.spec.file_entry_points(f))
    found |= entry_keys(language.spec.read_entry_points(snapshot))
    assert found == expected_entry_keys(expected)
    commands = {(c.kind, c.command) for c in language.spec.read_commands(snapshot)}
    assert commands == {(kind, text) for kind, listed in expected["commands"].items() for text in listed}


# --- entry points and commands ---------------------------------------------------------


RAKEFILE = '''require "rspec/core/rake_task"
RSpec::Core::RakeTask.new(:spec)
Rake::TestTask.new do |t|
  t.pattern = "test/**/*_test.rb"
end

task default: :spec

desc "Build the docs"
task :docs do
end

namespace :db do
  task :seed do
  end
  namespace "cache" do
    task clear: :environment do
    end
  end
end

task "release" => [:docs]
'''


def test_rake_tasks_with_their_namespaces():
    tasks = [(t.name, t.line) for t in rake_tasks(RAKEFILE)]
    assert tasks == [("spec", 2), ("test", 3), ("docs", 10), ("db:seed", 14), ("db:cache:clear", 17), ("release", 22)]


def test_gem_executables_and_test_apps(tmp_path, registry, language):
    root = write_tree(tmp_path, {
        "Gemfile": 'source "https://rubygems.org"\ngemspec\n',
        "tool.gemspec": "Gem::Specification.new\n",
        "exe/tool": "#!/usr/bin/env ruby\n",
        "bin/setup": "#!/usr/bin/env bash\n",
        "bin/console": "#!/usr/bin/env ruby\n",
        "test/app_test.rb": "class TestApp < Sinatra::Base; end\n",
        "Rakefile": "task :build do\nend\n",
    })
    snapshot, facts, _ = build_stages(root, registry)
    entries = {(e.kind, e.name) for e in language.spec.read_entry_points(snapshot)}
    entries |= {(e.kind, e.name) for f in facts for e in language.spec.file_entry_points(f)}
    assert entries == {("entry.gem_executable", "exe/tool")}  # bin/ holds only dev scripts; test apps are not entries
    assert {(c.kind, c.command) for c in language.spec.read_commands(snapshot)} == {
        ("install", "bundle install"), ("test", "bundle exec rake test"), ("build", "rake build"),
    }
