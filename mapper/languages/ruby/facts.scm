; Ruby facts for claude-map. Capture names: see mapper/languages/spec.py.
; Calls name their receiver with `@call.receiver`: no node spans `File.write` alone.

; --- requires ----------------------------------------------------------------------------
; Only literal paths: `require "#{dir}/x"` and `require File.join(...)` name no file.
(call
  !receiver
  method: (identifier) @_require (#eq? @_require "require")
  arguments: (argument_list . (string . (string_content) @import.source .))) @import @import.kind.require
(call
  !receiver
  method: (identifier) @_require (#eq? @_require "require_relative")
  arguments: (argument_list . (string . (string_content) @import.source .))) @import @import.kind.relative
(call
  !receiver
  method: (identifier) @_load (#eq? @_load "load")
  arguments: (argument_list . (string . (string_content) @import.source .))) @import @import.kind.load
; `autoload :Name, "path"` requires the path on first use of the constant.
(call
  !receiver
  method: (identifier) @_autoload (#eq? @_autoload "autoload")
  arguments: (argument_list (_) . (string . (string_content) @import.source .))) @import @import.kind.require

; --- definitions ---------------------------------------------------------------------
; `class Admin::User` is named `User`: the scope may be a module defined elsewhere.
(class name: [(constant) @name (scope_resolution name: (constant) @name)]) @definition.class
(module name: [(constant) @name (scope_resolution name: (constant) @name)]) @definition.module
; `def x` and `def self.x` alike; inside a class the extractor makes them methods.
(method name: (_) @name) @definition.function
(singleton_method name: (_) @name) @definition.function

; --- calls and keyed reads -------------------------------------------------------------
(call receiver: (_) @call.receiver method: (_) @call.callee) @call
(call
  receiver: (_) @call.receiver
  method: (_) @call.callee
  arguments: (argument_list . (string) @call.arg)) @call
(call !receiver method: (_) @call.callee) @call
(call !receiver method: (_) @call.callee arguments: (argument_list . (string) @call.arg)) @call
; A mode string that writes (`File.open(p, "w")`): the open is a write.
(call
  receiver: (_) @call.receiver
  method: (_) @call.callee
  arguments: (argument_list (_) . (string) @call.write)
  (#match? @call.write "^[\"'](r\\+|[wa])[bt+x]*(:[^\"']*)?[\"']$")) @call
; `ENV["HOME"]`: a keyed read of a constant (only ENV's count as effects).
(element_reference object: (constant) @access.object . (string) @access.key) @access

; --- markers -------------------------------------------------------------------------
; A class built on a web framework's application class is a web app.
(class
  superclass: (superclass (scope_resolution) @marker.name
    (#match? @marker.name "^(::)?(Rails::Application|Sinatra::Base|Sinatra::Application|Grape::API|Hanami::App)$"))) @marker.web_app
(class
  superclass: (superclass (constant) @marker.name (#eq? @marker.name "Roda"))) @marker.web_app
; `app = Rack::Builder.new do ... end` at the top of a script assembles a Rack
; application outside config.ru (inside a method it is library code building one).
(program
  [
    (call
      receiver: (scope_resolution) @marker.name (#match? @marker.name "^(::)?Rack::Builder$")
      method: (identifier) @_new (#eq? @_new "new")) @marker.web_app
    (assignment
      right: (call
        receiver: (scope_resolution) @marker.name (#match? @marker.name "^(::)?Rack::Builder$")
        method: (identifier) @_new (#eq? @_new "new")) @marker.web_app)
  ])

; --- summary -------------------------------------------------------------------------
; The file's leading comment block, skipping magic comments (`# frozen_string_literal:`,
; encoding), the shebang and licence lines; else the comment right above the first
; top-level class or module.
(program
  . (comment)*
  . (comment) @summary
  (#not-match? @summary "^#(!|\\s*-\\*-|\\s*(frozen_string_literal|encoding|coding|rubocop|typed|warn_indent):)|[Cc]opyright|[Ll]icen[cs]e|SPDX"))
(program
  (comment) @summary
  . [(class) (module)]
  (#not-match? @summary "^#(!|\\s*-\\*-|\\s*(frozen_string_literal|encoding|coding|rubocop|typed|warn_indent):)|[Cc]opyright|[Ll]icen[cs]e|SPDX"))

; --- route handlers (see mapper/analyze/routes.py) ------------------------------------
; get "/x", to: "orders#show" (the controller#action); `to: proc {...}` or a block
; (Sinatra's `get "/x" do ... end`) is an anonymous handler.
((call
   !receiver
   method: (identifier) @_register
   arguments: (argument_list
     . (string)
     (pair key: (hash_key_symbol) @_to value: (string (string_content) @marker.name)))) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|match)$")
 (#eq? @_to "to"))
((call
   !receiver
   method: (identifier) @_register
   arguments: (argument_list . (string) (pair key: (hash_key_symbol) @_to))) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|match)$")
 (#eq? @_to "to"))
((call
   !receiver
   method: (identifier) @_register
   arguments: (argument_list . (string))
   block: (_)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|match)$"))
; resources :orders, only: %i[index create] (expanded in ruby/routes.py; the singular
; `resource` and nesting are not read)
((call
   !receiver
   method: (identifier) @_resources
   arguments: (argument_list . (simple_symbol) @marker.name)) @marker.resources
 (#eq? @_resources "resources"))
((call
   !receiver
   method: (identifier) @_resources
   arguments: (argument_list
     . (simple_symbol)
     (pair key: (hash_key_symbol) @_only value: (_) @marker.name))) @marker.resources_only
 (#eq? @_resources "resources")
 (#eq? @_only "only"))
((call
   !receiver
   method: (identifier) @_resources
   arguments: (argument_list
     . (simple_symbol)
     (pair key: (hash_key_symbol) @_only value: (_) @marker.name))) @marker.resources_except
 (#eq? @_resources "resources")
 (#eq? @_only "except"))
