; PHP facts for claude-map. Capture names: see mapper/languages/spec.py.
; Calls name their receiver with `@call.receiver`: no node spans `$db->query` alone.

; --- use and require -------------------------------------------------------------------
; `use App\Models\User;` and `use Foo\Bar as Baz;`: the source is the whole name. In a
; group, `use App\{Foo, Bar as Baz};`, the source is the prefix and the name the member.
(namespace_use_declaration
  (namespace_use_clause !type [(qualified_name) (name)] @import.source !alias) @import)
(namespace_use_declaration
  (namespace_use_clause !type [(qualified_name) (name)] @import.source alias: (name) @import.alias) @import)
(namespace_use_declaration
  !type
  (namespace_name) @import.source
  body: (namespace_use_group
    (namespace_use_clause !type . [(qualified_name) (name)] @import.name !alias) @import))
(namespace_use_declaration
  !type
  (namespace_name) @import.source
  body: (namespace_use_group
    (namespace_use_clause !type . [(qualified_name) (name)] @import.name alias: (name) @import.alias) @import))
; `use function App\format;` and `use const App\LIMIT;` import a member, not a class.
(namespace_use_declaration
  (namespace_use_clause type: _ [(qualified_name) (name)] @import.source !alias) @import @import.kind.use_member)
(namespace_use_declaration
  (namespace_use_clause type: _ [(qualified_name) (name)] @import.source alias: (name) @import.alias) @import @import.kind.use_member)
(namespace_use_declaration
  type: _
  (namespace_name) @import.source
  body: (namespace_use_group
    (namespace_use_clause . [(qualified_name) (name)] @import.name) @import @import.kind.use_member))
; `require 'x.php'`, `include_once("x.php")`, `require __DIR__ . '/x.php'` and
; `require dirname(__DIR__) . '/x.php'`, for each of the four require/include forms:
; only literal paths name a file.
(require_expression
  [
    [(string) (encapsed_string)] @import.source
    (parenthesized_expression [(string) (encapsed_string)] @import.source)
  ]) @import @import.kind.require
(require_expression
  (binary_expression
    left: (name) @_dir (#eq? @_dir "__DIR__")
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_dir
(require_expression
  (binary_expression
    left: (function_call_expression
      function: (name) @_dirname (#eq? @_dirname "dirname")
      arguments: (arguments . (argument (name) @_dir (#eq? @_dir "__DIR__")) .))
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_parent
(require_once_expression
  [
    [(string) (encapsed_string)] @import.source
    (parenthesized_expression [(string) (encapsed_string)] @import.source)
  ]) @import @import.kind.require
(require_once_expression
  (binary_expression
    left: (name) @_dir (#eq? @_dir "__DIR__")
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_dir
(require_once_expression
  (binary_expression
    left: (function_call_expression
      function: (name) @_dirname (#eq? @_dirname "dirname")
      arguments: (arguments . (argument (name) @_dir (#eq? @_dir "__DIR__")) .))
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_parent
(include_expression
  [
    [(string) (encapsed_string)] @import.source
    (parenthesized_expression [(string) (encapsed_string)] @import.source)
  ]) @import @import.kind.require
(include_expression
  (binary_expression
    left: (name) @_dir (#eq? @_dir "__DIR__")
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_dir
(include_expression
  (binary_expression
    left: (function_call_expression
      function: (name) @_dirname (#eq? @_dirname "dirname")
      arguments: (arguments . (argument (name) @_dir (#eq? @_dir "__DIR__")) .))
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_parent
(include_once_expression
  [
    [(string) (encapsed_string)] @import.source
    (parenthesized_expression [(string) (encapsed_string)] @import.source)
  ]) @import @import.kind.require
(include_once_expression
  (binary_expression
    left: (name) @_dir (#eq? @_dir "__DIR__")
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_dir
(include_once_expression
  (binary_expression
    left: (function_call_expression
      function: (name) @_dirname (#eq? @_dirname "dirname")
      arguments: (arguments . (argument (name) @_dir (#eq? @_dir "__DIR__")) .))
    right: [(string) (encapsed_string)] @import.source)) @import @import.kind.require_parent

; --- definitions ---------------------------------------------------------------------
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum
(function_definition name: (name) @name) @definition.function
; Methods nest in their class, interface, trait or enum, so they get `Order.total`.
(method_declaration name: (name) @name) @definition.function

; --- calls and keyed reads -------------------------------------------------------------
; `App\Support\Str::slug()` is `App.Support.Str.slug`, `$this->db->query()` is
; `$this.db.query`, `new Client()` a call of `Client`.
(function_call_expression function: (_) @call.callee) @call
(function_call_expression
  function: (_) @call.callee
  arguments: (arguments . (argument [(string) (encapsed_string)] @call.arg))) @call
(member_call_expression object: (_) @call.receiver name: (name) @call.callee) @call
(member_call_expression
  object: (_) @call.receiver
  name: (name) @call.callee
  arguments: (arguments . (argument [(string) (encapsed_string)] @call.arg))) @call
(nullsafe_member_call_expression object: (_) @call.receiver name: (name) @call.callee) @call
(nullsafe_member_call_expression
  object: (_) @call.receiver
  name: (name) @call.callee
  arguments: (arguments . (argument [(string) (encapsed_string)] @call.arg))) @call
(scoped_call_expression scope: (_) @call.receiver name: (name) @call.callee) @call
(scoped_call_expression
  scope: (_) @call.receiver
  name: (name) @call.callee
  arguments: (arguments . (argument [(string) (encapsed_string)] @call.arg))) @call
(object_creation_expression [(name) (qualified_name)] @call.callee) @call
(object_creation_expression
  [(name) (qualified_name)] @call.callee
  (arguments . (argument [(string) (encapsed_string)] @call.arg))) @call
; `$_ENV['X']` and `$_SERVER['X']`: keyed reads of the superglobals.
((subscript_expression (variable_name) @access.object . [(string) (encapsed_string)] @access.key) @access
  (#match? @access.object "^\\$_[A-Z]+$"))

; --- markers -------------------------------------------------------------------------
(namespace_definition name: (namespace_name) @marker.name) @marker.package

; --- summary -------------------------------------------------------------------------
; The doc comment after `<?php` unless it is a licence header, else the doc comment
; of the first top-level class, interface, trait, enum or function.
(program
  . (php_tag)
  . (comment) @summary
  (#not-match? @summary "[Cc]opyright|[Ll]icen[cs]e|SPDX"))
(program
  (comment) @summary
  . [(class_declaration) (interface_declaration) (trait_declaration) (enum_declaration) (function_definition)]
  (#match? @summary "^/\\*\\*"))

; --- route handlers (see mapper/analyze/routes.py) ------------------------------------
; Route::get('/x', [TicketController::class, 'index']), 'TicketController@index', or a
; closure (an anonymous handler); `$app->get('/x', handler)` alike.
((scoped_call_expression
   name: (name) @_register
   arguments: (arguments
     . (argument [(string) (encapsed_string)])
     (argument [(array_creation_expression . (array_element_initializer (class_constant_access_expression))) (string) (encapsed_string) (class_constant_access_expression)] @marker.name) .)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|any|match)$"))
((scoped_call_expression
   name: (name) @_register
   arguments: (arguments
     . (argument [(string) (encapsed_string)])
     (argument [(anonymous_function) (arrow_function)]) .)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|any|match)$"))
((member_call_expression
   name: (name) @_register
   arguments: (arguments
     . (argument [(string) (encapsed_string)])
     (argument [(array_creation_expression . (array_element_initializer (class_constant_access_expression))) (string) (encapsed_string) (class_constant_access_expression)] @marker.name) .)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|any|map)$"))
((member_call_expression
   name: (name) @_register
   arguments: (arguments
     . (argument [(string) (encapsed_string)])
     (argument [(anonymous_function) (arrow_function)]) .)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|options|any|map)$"))
