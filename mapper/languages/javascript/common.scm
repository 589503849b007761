; Facts shared by JavaScript and TypeScript/TSX (every pattern here compiles on the
; JavaScript, TypeScript and TSX grammars). Capture names: see mapper/languages/spec.py.
; Grammar-specific patterns live in javascript/facts.scm and typescript/facts.scm.

; --- imports -------------------------------------------------------------------------
; import x from 'm'
(import_statement
  (import_clause (identifier) @import.alias)
  source: (string) @import.source) @import

; import {a, b as c} from 'm'
(import_statement
  (import_clause
    (named_imports (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string) @import.source) @import

; import * as ns from 'm': the namespace node is the site, so that a default import in
; the same statement (import x, * as ns from 'm') stays a separate site.
(import_statement
  (import_clause (namespace_import (identifier) @import.alias) @import)
  source: (string) @import.source)

; import 'm' (only for its side effects: the source is the first child)
(import_statement . (string) @import.source) @import

; export {a, b as c} from 'm', export * from 'm', export * as ns from 'm': an edge, and
; the names a barrel file passes on, but no local binding
(export_statement
  (export_clause (export_specifier name: (_)? @import.name alias: (_)? @import.alias))
  source: (string) @import.source) @import @import.kind.reexport
(export_statement "*" . source: (string) @import.source) @import @import.kind.reexport
(export_statement
  (namespace_export (_) @import.alias)
  source: (string) @import.source) @import @import.kind.reexport

; require('m') anywhere, e.g. app.use(require('./routes'))
((call_expression
   function: (identifier) @_require
   arguments: (arguments . (string) @import.source)) @import @import.kind.require
 (#eq? @_require "require"))

; const x = require('m')
((variable_declarator
   name: (identifier) @import.alias
   value: (call_expression
     function: (identifier) @_require
     arguments: (arguments . (string) @import.source))) @import @import.kind.require
 (#eq? @_require "require"))

; const {a, b: c} = require('m')
((variable_declarator
   name: (object_pattern
     [(shorthand_property_identifier_pattern) @import.name
      (pair_pattern key: (_) @import.name value: (identifier) @import.alias)])
   value: (call_expression
     function: (identifier) @_require
     arguments: (arguments . (string) @import.source))) @import @import.kind.require
 (#eq? @_require "require"))

; const exec = require('child_process').exec
((variable_declarator
   name: (identifier) @import.alias
   value: (member_expression
     object: (call_expression
       function: (identifier) @_require
       arguments: (arguments . (string) @import.source))
     property: (property_identifier) @import.name)) @import @import.kind.require
 (#eq? @_require "require"))

; import('m') with a literal specifier
(call_expression
  function: (import)
  arguments: (arguments . (string) @import.source)) @import @import.kind.dynamic

; --- definitions ---------------------------------------------------------------------
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (_) @name) @definition.class
(class_body
  (method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method)

; const f = () => {} / function () {} / class {}, at top level or exported
(program
  [(lexical_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
   (variable_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)])
(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator
        name: (identifier) @name
        value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)))
(program
  [(lexical_declaration
     (variable_declarator name: (identifier) @name value: (class)) @definition.class)
   (export_statement
     declaration: (lexical_declaration
       (variable_declarator name: (identifier) @name value: (class)) @definition.class))])

; exports.f = function () {} / module.exports.f = () => {}
((program
   (expression_statement
     (assignment_expression
       left: (member_expression object: (_) @_exports property: (property_identifier) @name)
       right: [(arrow_function) (function_expression)]) @definition.function))
 (#match? @_exports "^(module\\.)?exports$"))

; module.exports = class Application {} and module.exports = { get header() {}, m() {} }:
; the whole API of a CommonJS module written as one class or one object literal.
((assignment_expression
   left: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
   right: (class name: (_) @name) @definition.class)
 (#eq? @_module "module")
 (#eq? @_exports "exports"))
((assignment_expression
   left: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
   right: (object (method_definition name: (property_identifier) @name) @definition.function))
 (#eq? @_module "module")
 (#eq? @_exports "exports"))

; CommonJS objects built member by member, the API of many older packages:
; res.send = function send () {}, Router.prototype.route = function () {}
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: [(arrow_function) (function_expression)]) @definition.function))

; --- calls and keyed reads -------------------------------------------------------------
(call_expression function: (_) @call.callee) @call
(call_expression function: (_) @call.callee arguments: (arguments . (string) @call.arg)) @call
(new_expression constructor: (_) @call.callee) @call
(new_expression constructor: (_) @call.callee arguments: (arguments . (string) @call.arg)) @call

; obj["KEY"], e.g. process.env["NAME"]
(subscript_expression object: (_) @access.object index: (string) @access.key) @access

; process.env.NAME and import.meta.env.NAME
((member_expression
   object: (member_expression object: (_) @_root property: (property_identifier) @_env) @access.object
   property: (property_identifier) @access.key) @access
 (#eq? @_env "env")
 (#match? @_root "^(process|import\\.meta)$"))

; const {NAME, OTHER: local, THIRD = 'x'} = process.env: one read per name
((variable_declarator
   name: (object_pattern
     [(shorthand_property_identifier_pattern) @access.key @access
      (pair_pattern key: (property_identifier) @access.key @access)
      (object_assignment_pattern left: (shorthand_property_identifier_pattern) @access.key @access)])
   value: (member_expression object: (_) @_root property: (property_identifier) @_env) @access.object)
 (#eq? @_env "env")
 (#match? @_root "^(process|import\\.meta)$"))

; --- markers -------------------------------------------------------------------------
; Names exported by a list rather than at their definition: export {a, b as c} and
; module.exports = {a, b: c}. The marker names the local definition.
(export_statement
  !source
  (export_clause (export_specifier name: (identifier) @marker.name))) @marker.export
((assignment_expression
   left: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
   right: (object
     [(shorthand_property_identifier) @marker.name
      (pair value: (identifier) @marker.name)
      (method_definition name: (property_identifier) @marker.name)])) @marker.export
 (#eq? @_module "module")
 (#eq? @_exports "exports"))

; --- summary -------------------------------------------------------------------------
; The file's leading comments, after a #! line and past one licence or tool-pragma
; comment (/* eslint-disable */, // @ts-check, @flow). All of them are captured so that
; a block of // lines reads as one paragraph.
((program . (comment)+ @summary)
 (#not-match? @summary "(?i)^[/*!\\s]*(@license|@preserve|license|copyright|\\(c\\)|the mit |eslint|@ts-|@flow|prettier|jshint|global\\s)"))
((program . (hash_bang_line) . (comment)+ @summary)
 (#not-match? @summary "(?i)^[/*!\\s]*(@license|@preserve|license|copyright|\\(c\\)|the mit |eslint|@ts-|@flow|prettier|jshint|global\\s)"))
((program . (comment) @_skipped . (comment)+ @summary)
 (#match? @_skipped "(?i)^[/*!\\s]*(@license|@preserve|license|copyright|\\(c\\)|the mit |eslint|@ts-|@flow|prettier|jshint|global\\s)")
 (#not-match? @summary "(?i)^[/*!\\s]*(@license|@preserve|license|copyright|\\(c\\)|the mit |eslint|@ts-|@flow|prettier|jshint|global\\s)"))
((program . (hash_bang_line) . (comment) @_skipped . (comment)+ @summary)
 (#match? @_skipped "(?i)^[/*!\\s]*(@license|@preserve|license|copyright|\\(c\\)|the mit |eslint|@ts-|@flow|prettier|jshint|global\\s)")
 (#not-match? @summary "(?i)^[/*!\\s]*(@license|@preserve|license|copyright|\\(c\\)|the mit |eslint|@ts-|@flow|prettier|jshint|global\\s)"))

; --- route handlers (see mapper/analyze/routes.py) ------------------------------------
; app.get('/x', auth, handler): the last argument handles the route; an inline
; function is an anonymous handler. app.use('/api', router): the mounted router.
((call_expression
   function: (member_expression property: (property_identifier) @_register)
   arguments: (arguments . (string) [(identifier) (member_expression)] @marker.name .)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|del|head|options|all|use|route)$"))
((call_expression
   function: (member_expression property: (property_identifier) @_register)
   arguments: (arguments . (string) [(arrow_function) (function_expression) (call_expression)] .)) @marker.handler
 (#match? @_register "^(get|post|put|patch|delete|del|head|options|all)$"))
; fastify.register(routes, { prefix: '/users' }): the routes `routes` registers.
((call_expression
   function: (member_expression property: (property_identifier) @_register)
   arguments: (arguments
     . (identifier) @marker.name
     (object (pair key: (property_identifier) @_prefix value: (string))))) @marker.group
 (#eq? @_register "register")
 (#eq? @_prefix "prefix"))
((call_expression
   function: (member_expression property: (property_identifier) @_register)
   arguments: (arguments
     . (identifier)
     (object (pair key: (property_identifier) @_prefix value: (string) @marker.name)))) @marker.prefix
 (#eq? @_register "register")
 (#eq? @_prefix "prefix"))

; --- CLI subcommands (see mapper/analyze/subcommands.py) ----------------------------------
; commander/yargs/cac: program.command('backup <dir>'): the first word is the name.
((call_expression
   function: (member_expression property: (property_identifier) @_verb)
   arguments: (arguments . [(string) (template_string)] @marker.name)) @marker.subcommand_named
 (#eq? @_verb "command"))
