; Python facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- imports -------------------------------------------------------------------------
(import_statement name: (dotted_name) @import.source) @import
(import_statement
  name: (aliased_import name: (dotted_name) @import.source alias: (identifier) @import.alias)) @import
(import_from_statement module_name: (_) @import.source name: (dotted_name) @import.name) @import
(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import
(import_from_statement module_name: (_) @import.source (wildcard_import)) @import @import.kind.wildcard

; --- definitions ---------------------------------------------------------------------
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class

; --- calls and keyed reads -------------------------------------------------------------
(call function: (_) @call.callee) @call
(call function: (_) @call.callee arguments: (argument_list . (string) @call.arg)) @call
(subscript value: (_) @access.object subscript: (string) @access.key) @access

; --- markers -------------------------------------------------------------------------
(if_statement
  condition: (comparison_operator (identifier) @_name (string) @_main)
  (#eq? @_name "__name__")
  (#match? @_main "__main__")) @marker.main_guard
(global_statement (identifier) @marker.name) @marker.global_write

; --- summary -------------------------------------------------------------------------
(module . (expression_statement (string) @summary))

; --- registration by decorator: @group.command(), @app.route("/") ------------------
; The decorated function runs when the registering object dispatches to it.
(decorated_definition
  (decorator [(call function: (attribute object: (identifier) @marker.name))
              (attribute object: (identifier) @marker.name)])
  definition: (function_definition) @marker.registers)
